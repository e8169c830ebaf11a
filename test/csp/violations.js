/**
 * Runs first on the strict-CSP test page: records every Content-Security-Policy violation so
 * the test in the parent window can read them (`window.trialkitCspViolations`).
 */
(() => {
  const violations = [];
  window.trialkitCspViolations = violations;
  document.addEventListener('securitypolicyviolation', (event) => {
    violations.push({
      directive: event.effectiveDirective || event.violatedDirective,
      blocked: event.blockedURI,
      sample: event.sample,
      source: `${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`,
    });
  });
})();
