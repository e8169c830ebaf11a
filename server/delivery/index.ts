/**
 * Delivery, assembled from the configuration at start: the routes file is read and checked, the
 * channels' settings are checked together, and a misconfiguration stops the server with one
 * sentence before it accepts a single submission.
 */
import type { DeliveryConfig } from '../config.ts';
import type { Store } from '../store/types.ts';
import { DeliveryPlanner } from './plan.ts';
import { loadRoutes } from './routes-file.ts';
import { DeliveryWorker } from './worker.ts';

export interface Delivery {
  planner: DeliveryPlanner;
  /** Undefined when no channel is configured: submissions are only stored. */
  worker: DeliveryWorker | undefined;
}

/** Throws one sentence for a configuration that cannot deliver what it promises. */
export function checkDeliveryConfig(config: DeliveryConfig): void {
  if (config.smtpUrl && !config.mailFrom) throw new Error('SMTP_URL is set but MAIL_FROM is not: say which address the emails come from.');
  if (config.smtpUrl && !config.routesFile) throw new Error('SMTP_URL is set but ROUTES_FILE is not: the server needs the routes file to know the team addresses.');
  if (config.routesFile && !config.smtpUrl) throw new Error('ROUTES_FILE is set but SMTP_URL is not: set the SMTP server that sends to those addresses.');
  if (config.sendReaderCopy && !config.smtpUrl) throw new Error('SEND_READER_COPY is on but SMTP_URL is not set: the copy to the reader goes by email.');
  if (config.webhookUrl) {
    if (!config.webhookSecret) throw new Error('WEBHOOK_URL is set but WEBHOOK_SECRET is not: every webhook request is signed.');
    let url: URL;
    try {
      url = new URL(config.webhookUrl);
    } catch {
      throw new Error('WEBHOOK_URL is not a URL.');
    }
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
      throw new Error('WEBHOOK_URL must be an https:// URL (plain http:// only to this machine), since it carries patient data.');
    }
  }
}

export function createDelivery(store: Store, config: DeliveryConfig, log: (line: string) => void): Delivery {
  checkDeliveryConfig(config);
  const routes = config.routesFile ? loadRoutes(config.routesFile) : undefined;
  const planner = new DeliveryPlanner(config, routes);
  const worker = config.smtpUrl || config.webhookUrl ? new DeliveryWorker(store, config, { log }) : undefined;
  return { planner, worker };
}
