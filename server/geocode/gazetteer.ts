/**
 * An offline gazetteer: typed place → a few candidate points, best first. Pure: it is built from
 * plain records (see `load.ts` for the installed packages) and does no I/O.
 *
 * Storage is compact because the city list is large (≈135,000 places): names in one array,
 * coordinates and populations in typed arrays, and one Map from a folded name ("zurich") to the
 * places that carry it.
 *
 * A query is read as comma-separated segments of words. One phrase names the place (a city, a
 * region or a country); every other phrase must narrow it down (a region or a country), which is
 * how "Springfield, IL", "Sydney NSW", "Aichi, Nagoya" and "Houston, Texas, United States" all
 * work. Candidates are scored by the log of their population, raised for each qualifier they
 * agree with and lowered for each they contradict. A US ZIP or a Canadian postal code anywhere
 * in the query is a candidate of its own and scores above any name.
 *
 * One file of a little over 500 lines on purpose: the index (typed arrays and maps) is private
 * to the class that builds it and reads it, so splitting building from lookup would have to
 * make those internals public.
 */
import { MAX_QUERY_LENGTH, placeKey } from './normalize.ts';
import { CITY_ALIASES, COUNTRY_ALIASES, REGIONS } from './regions.ts';

export type PlaceKind = 'city' | 'postal' | 'region' | 'country';

/** One answer: see server/README.md for the wire shape. */
export interface Place {
  name: string;
  /** The state, province, prefecture or similar, when the gazetteer knows its name. */
  region: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string;
  countryName: string;
  lat: number;
  lon: number;
  kind: PlaceKind;
  /** Only for `kind: 'postal'`: the code as the gazetteer knows it ("60601", "M5V"). */
  postalCode?: string;
}

export interface CityRecord {
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** GeoNames admin1 code. */
  adminCode: string;
  population: number;
  lat: number;
  lon: number;
  /** The country's capital (GeoNames feature code PPLC). */
  capital: boolean;
}

export interface PostalRecord {
  /** "60601" for a US ZIP, "M5V" for a Canadian forward sortation area. */
  code: string;
  country: string;
  adminCode: string;
  name: string;
  lat: number;
  lon: number;
}

export interface GazetteerSource {
  cities: Iterable<CityRecord>;
  postal: Iterable<PostalRecord>;
}

export const MAX_RESULTS = 5;

/** Longest run of words looked at as phrases; longer segments are matched only whole. */
const MAX_WORDS = 8;
/** More comma-separated segments than this are not a place. */
const MAX_SEGMENTS = 6;

const AGREES = 3;
const CONTRADICTS = -4;
/** A segment that names nothing the gazetteer knows, e.g. a district ("Bunkyo-ku"). */
const UNKNOWN_SEGMENT = -1;
/** A segment naming a city while something else is taken as the place: likely the wrong reading. */
const CITY_SEGMENT = -3;
/** A region competes with its own biggest city by name ("New York", "Madrid"): the city wins. */
const REGION_BIAS = -1;
const COUNTRY_BIAS = 0.5;
/** "CA" or "DE" alone means a state more often than a country. */
const COUNTRY_CODE_BIAS = -2.5;
const POSTAL_SCORE = 9;

const popScore = (population: number) => Math.log10(population + 10);

/** Weighted mean of unit vectors: a centre that works across the antimeridian. */
class Centroid {
  x = 0;
  y = 0;
  z = 0;
  add(lat: number, lon: number, weight: number): void {
    const [x, y, z] = toVector(lat, lon);
    this.x += x * weight;
    this.y += y * weight;
    this.z += z * weight;
  }
}

function toVector(lat: number, lon: number): [number, number, number] {
  const rad = Math.PI / 180;
  const c = Math.cos(lat * rad);
  return [c * Math.cos(lon * rad), c * Math.sin(lon * rad), Math.sin(lat * rad)];
}

const round = (value: number) => Math.round(value * 1e4) / 1e4;

/** Adds `value` to the list under `key`. */
function push(map: Map<string, number[]>, key: string, value: number): void {
  if (!key) return;
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

/** "saint louis" for "st louis" and back: the spellings people use interchangeably. */
const PREFIX_VARIANTS: readonly (readonly [string, string])[] = [
  ['st ', 'saint '],
  ['ste ', 'sainte '],
  ['mt ', 'mount '],
  ['ft ', 'fort '],
];

function keyVariants(key: string): string[] {
  const variants = [key];
  for (const [short, long] of PREFIX_VARIANTS) {
    if (key.startsWith(short)) variants.push(long + key.slice(short.length));
    else if (key.startsWith(long)) variants.push(short + key.slice(long.length));
  }
  return variants;
}

interface Region {
  country: number;
  name: string | null;
  population: number;
  lat: number;
  lon: number;
}

interface Country {
  code: string;
  name: string;
  population: number;
  lat: number;
  lon: number;
}

/** What a qualifier phrase can stand for. */
interface Qualifier {
  regions: readonly number[];
  countries: readonly number[];
}

interface Candidate {
  key: string;
  kind: PlaceKind;
  index: number;
  base: number;
  /** Region and country the candidate lies in (-1 when it is a country: no region). */
  region: number;
  country: number;
  population: number;
  postal?: PostalRecord;
}

export class Gazetteer {
  readonly #names: string[] = [];
  #lat = new Float32Array(0);
  #lon = new Float32Array(0);
  #population = new Uint32Array(0);
  #region = new Uint16Array(0);
  readonly #regions: Region[] = [];
  readonly #countries: Country[] = [];
  /** Folded city name → city indices. */
  readonly #cityIndex = new Map<string, number[]>();
  /** Folded region name or abbreviation → region indices. */
  readonly #regionIndex = new Map<string, number[]>();
  /** Folded country name, alias or ISO code → country indices (one, but kept as a list). */
  readonly #countryIndex = new Map<string, number[]>();
  /** Country indices matched by their two-letter code only. */
  readonly #countryCodeKeys = new Set<string>();
  readonly #postal = new Map<string, { record: PostalRecord; region: number; country: number }>();

  private constructor() {}

  static build(source: GazetteerSource): Gazetteer {
    const g = new Gazetteer();
    g.#load(source);
    return g;
  }

  /** How many cities, regions, countries and postal codes the index holds. */
  get size(): { cities: number; regions: number; countries: number; postalCodes: number } {
    return { cities: this.#names.length, regions: this.#regions.length, countries: this.#countries.length, postalCodes: this.#postal.size };
  }

  #load(source: GazetteerSource): void {
    const displayNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
    const countryIds = new Map<string, number>();
    const regionIds = new Map<string, number>();
    const countryOf = (code: string): number => {
      let id = countryIds.get(code);
      if (id === undefined) {
        id = this.#countries.length;
        countryIds.set(code, id);
        let name = code;
        try {
          name = displayNames.of(code) ?? code;
        } catch {
          // not a region code Intl knows: show the code
        }
        this.#countries.push({ code, name, population: 0, lat: NaN, lon: NaN });
      }
      return id;
    };
    const regionOf = (country: number, adminCode: string): number => {
      const key = `${country}.${adminCode}`;
      let id = regionIds.get(key);
      if (id === undefined) {
        id = this.#regions.length;
        regionIds.set(key, id);
        const names = REGIONS[this.#countries[country]!.code]?.[adminCode];
        this.#regions.push({ country, name: names?.[0] ?? null, population: 0, lat: NaN, lon: NaN });
        for (const name of names ?? []) for (const variant of regionKeyVariants(this.#countries[country]!.code, name)) push(this.#regionIndex, variant, id);
        // US admin codes are the postal abbreviations people type ("IL").
        if (names && this.#countries[country]!.code === 'US') push(this.#regionIndex, placeKey(adminCode), id);
      }
      return id;
    };

    const lat: number[] = [];
    const lon: number[] = [];
    const population: number[] = [];
    const region: number[] = [];
    const capitals = new Map<number, number>();
    for (const city of source.cities) {
      if (!Number.isFinite(city.lat) || !Number.isFinite(city.lon)) continue;
      const index = this.#names.length;
      const country = countryOf(city.country);
      const r = regionOf(country, city.adminCode);
      this.#names.push(city.name);
      lat.push(city.lat);
      lon.push(city.lon);
      population.push(Math.max(0, Math.min(city.population || 0, 0xffffffff)));
      region.push(r);
      for (const variant of keyVariants(placeKey(city.name))) push(this.#cityIndex, variant, index);
      if (city.capital) {
        const best = capitals.get(country);
        if (best === undefined || population[best]! < population[index]!) capitals.set(country, index);
      }
    }
    if (this.#regions.length > 0xffff) throw new Error('More regions than the index can hold.');
    this.#lat = Float32Array.from(lat);
    this.#lon = Float32Array.from(lon);
    this.#population = Uint32Array.from(population);
    this.#region = Uint16Array.from(region);

    for (const [alias, name, code] of CITY_ALIASES) {
      const id = countryIds.get(code);
      const matches = (this.#cityIndex.get(placeKey(name)) ?? []).filter((i) => this.#regions[this.#region[i]!]!.country === id);
      const biggest = matches.sort((a, b) => this.#population[b]! - this.#population[a]!)[0];
      if (biggest !== undefined) push(this.#cityIndex, placeKey(alias), biggest);
    }

    this.#placeRegionsAndCountries(capitals);

    for (const [id, country] of this.#countries.entries()) {
      for (const name of [country.name, ...(COUNTRY_ALIASES[country.code] ?? [])]) push(this.#countryIndex, placeKey(name), id);
      const code = placeKey(country.code);
      if (!this.#countryIndex.has(code)) this.#countryCodeKeys.add(code);
      push(this.#countryIndex, code, id);
    }
    // "UK" is not the ISO code (GB) but is typed as one.
    this.#countryCodeKeys.add('uk');

    for (const record of source.postal) {
      if (!Number.isFinite(record.lat) || !Number.isFinite(record.lon)) continue;
      const country = countryOf(record.country);
      this.#postal.set(record.code.toUpperCase(), { record, region: regionOf(country, record.adminCode), country });
    }
  }

  /**
   * A region's point is the city of that region nearest to its population-weighted centre (so it
   * lies inside the region even when the centre would fall in the sea between islands). A
   * country's point is its capital: a weighted centre can land outside a country (Malaysia's is
   * in the South China Sea), and the capital is where most people would start from.
   */
  #placeRegionsAndCountries(capitals: Map<number, number>): void {
    const centres = this.#regions.map(() => new Centroid());
    const countryCentres = this.#countries.map(() => new Centroid());
    for (let i = 0; i < this.#names.length; i++) {
      const r = this.#region[i]!;
      const weight = Math.max(1, this.#population[i]!);
      centres[r]!.add(this.#lat[i]!, this.#lon[i]!, weight);
      countryCentres[this.#regions[r]!.country]!.add(this.#lat[i]!, this.#lon[i]!, weight);
      this.#regions[r]!.population += this.#population[i]!;
      this.#countries[this.#regions[r]!.country]!.population += this.#population[i]!;
    }
    const nearestTo = (centres: Centroid[], group: (city: number) => number) => {
      const best = new Int32Array(centres.length).fill(-1);
      const bestDot = new Float64Array(centres.length).fill(-Infinity);
      for (let i = 0; i < this.#names.length; i++) {
        const g = group(i);
        const c = centres[g]!;
        const [x, y, z] = toVector(this.#lat[i]!, this.#lon[i]!);
        const dot = x * c.x + y * c.y + z * c.z;
        if (dot > bestDot[g]!) {
          bestDot[g] = dot;
          best[g] = i;
        }
      }
      return best;
    };
    const regionPoints = nearestTo(centres, (i) => this.#region[i]!);
    for (const [r, region] of this.#regions.entries()) {
      const city = regionPoints[r]!;
      if (city >= 0) {
        region.lat = this.#lat[city]!;
        region.lon = this.#lon[city]!;
      }
    }
    const countryPoints = nearestTo(countryCentres, (i) => this.#regions[this.#region[i]!]!.country);
    for (const [c, country] of this.#countries.entries()) {
      const city = capitals.get(c) ?? countryPoints[c]!;
      if (city >= 0) {
        country.lat = this.#lat[city]!;
        country.lon = this.#lon[city]!;
      }
    }
  }

  /** Up to five places `query` may mean, best first; none when it names nothing known. */
  lookup(query: string): Place[] {
    if (typeof query !== 'string' || query.length > MAX_QUERY_LENGTH) return [];
    const { postal, rest } = this.#takePostal(query);
    // Numbers name no place here: they are postal codes the gazetteer lacks ("2400 København").
    const segments = rest
      .split(/[,;]/)
      .map((segment) => placeKey(segment).split(' ').filter((word) => word && !/^\d+$/.test(word)))
      .filter((words) => words.length > 0);
    if (segments.length > MAX_SEGMENTS) return [];

    const scores = new Map<string, { candidate: Candidate; score: number }>();
    const offer = (candidate: Candidate, score: number) => {
      const known = scores.get(candidate.key);
      if (!known || known.score < score) scores.set(candidate.key, { candidate, score });
    };
    const qualifierCache = new Map<string, Qualifier[] | null>();
    const qualifiers = (words: string[]) => {
      const key = words.join(' ');
      if (!qualifierCache.has(key)) qualifierCache.set(key, this.#qualifierSequence(words));
      return qualifierCache.get(key)!;
    };

    if (postal) {
      // The words around a code must fit its country: "80331 München" is not a US ZIP.
      let score = POSTAL_SCORE;
      for (const words of segments) {
        const q = qualifiers(words);
        const cities = this.#cityIndex.get(words.join(' '));
        if (q) score += this.#agreement(postal, q);
        else if (cities) score += cities.some((i) => this.#regions[this.#region[i]!]!.country === postal.country) ? AGREES : CONTRADICTS;
        else score += UNKNOWN_SEGMENT;
      }
      offer(postal, score);
    }

    for (const [s, words] of segments.entries()) {
      // The other segments narrow the place down, or are words the gazetteer does not know.
      let outside = 0;
      const outsideQualifiers: Qualifier[] = [];
      for (const [o, other] of segments.entries()) {
        if (o === s) continue;
        const q = qualifiers(other);
        if (q) outsideQualifiers.push(...q);
        else outside += this.#cityIndex.has(other.join(' ')) ? CITY_SEGMENT : UNKNOWN_SEGMENT;
      }
      const n = words.length;
      const spans: [number, number][] = n > MAX_WORDS ? [[0, n]] : [];
      if (n <= MAX_WORDS) for (let i = 0; i < n; i++) for (let j = i + 1; j <= n; j++) spans.push([i, j]);
      for (const [i, j] of spans) {
        const inside: Qualifier[] = [];
        if (i > 0 || j < n) {
          const before = i > 0 ? qualifiers(words.slice(0, i)) : [];
          const after = j < n ? qualifiers(words.slice(j)) : [];
          // Inside a segment every other word must narrow the place: "Sydney NSW", not "Sydney Opera".
          if (!before || !after) continue;
          inside.push(...before, ...after);
        }
        const all = [...inside, ...outsideQualifiers];
        for (const candidate of this.#candidates(words.slice(i, j).join(' '))) {
          offer(candidate, candidate.base + outside + this.#agreement(candidate, all));
        }
      }
    }
    // Names with commas of their own: "Korea, Republic of", "Washington, D.C.".
    if (segments.length > 1) {
      for (const candidate of this.#candidates(segments.map((words) => words.join(' ')).join(' '))) offer(candidate, candidate.base);
    }

    return [...scores.values()]
      .sort((a, b) => b.score - a.score || b.candidate.population - a.candidate.population)
      .slice(0, MAX_RESULTS)
      .map(({ candidate }) => this.#place(candidate));
  }

  /** Finds a US ZIP (ZIP+4 too) or a Canadian postal code and takes it out of the text. */
  #takePostal(query: string): { postal: Candidate | undefined; rest: string } {
    const patterns: [RegExp, (m: RegExpExecArray) => string][] = [
      [/(?<![\p{L}\p{N}])(\d{5})(?:[- ]?\d{4})?(?![\p{L}\p{N}])/u, (m) => m[1]!],
      [/(?<![\p{L}\p{N}])([A-Za-z]\d[A-Za-z])(?:[ -]?\d[A-Za-z]\d)?(?![\p{L}\p{N}])/u, (m) => m[1]!.toUpperCase()],
    ];
    for (const [pattern, code] of patterns) {
      const match = pattern.exec(query);
      if (!match) continue;
      const found = this.#postal.get(code(match));
      if (!found) continue;
      const candidate: Candidate = {
        key: `p${found.record.code}`,
        kind: 'postal',
        index: -1,
        base: POSTAL_SCORE,
        region: found.region,
        country: found.country,
        population: 0,
        postal: found.record,
      };
      return { postal: candidate, rest: query.slice(0, match.index) + ' ' + query.slice(match.index + match[0].length) };
    }
    return { postal: undefined, rest: query };
  }

  /**
   * Reads `words` as one or more region or country names ("IL", "New South Wales Australia");
   * null when some word is not part of one.
   */
  #qualifierSequence(words: string[]): Qualifier[] | null {
    if (words.length > MAX_WORDS) {
      const whole = this.#qualifier(words.join(' '));
      return whole ? [whole] : null;
    }
    // Fewest phrases that cover all the words.
    const best: (Qualifier[] | null)[] = [[]];
    for (let end = 1; end <= words.length; end++) {
      best[end] = null;
      for (let start = 0; start < end; start++) {
        const before = best[start];
        if (!before) continue;
        const q = this.#qualifier(words.slice(start, end).join(' '));
        if (q && (!best[end] || best[end]!.length > before.length + 1)) best[end] = [...before, q];
      }
    }
    return best[words.length] ?? null;
  }

  #qualifier(phrase: string): Qualifier | null {
    const regions = this.#regionIndex.get(phrase) ?? [];
    const countries = this.#countryIndex.get(phrase) ?? [];
    return regions.length || countries.length ? { regions, countries } : null;
  }

  /** Points up when a qualifier names the candidate's region or country, down when it names another. */
  #agreement(candidate: Candidate, qualifiers: readonly Qualifier[]): number {
    let sum = 0;
    for (const q of qualifiers) {
      const agrees = q.countries.includes(candidate.country) || (candidate.region >= 0 && q.regions.includes(candidate.region));
      sum += agrees ? AGREES : CONTRADICTS;
    }
    return sum;
  }

  /** Every city, region and country called `phrase`, with its score before qualifiers. */
  #candidates(phrase: string): Candidate[] {
    const found: Candidate[] = [];
    for (const i of this.#cityIndex.get(phrase) ?? []) {
      const region = this.#region[i]!;
      const population = this.#population[i]!;
      found.push({ key: `c${i}`, kind: 'city', index: i, base: popScore(population), region, country: this.#regions[region]!.country, population });
    }
    for (const r of this.#regionIndex.get(phrase) ?? []) {
      const { population, country } = this.#regions[r]!;
      found.push({ key: `r${r}`, kind: 'region', index: r, base: popScore(population) + REGION_BIAS, region: r, country, population });
    }
    for (const c of this.#countryIndex.get(phrase) ?? []) {
      const { population } = this.#countries[c]!;
      const bias = this.#countryCodeKeys.has(phrase) ? COUNTRY_CODE_BIAS : COUNTRY_BIAS;
      found.push({ key: `n${c}`, kind: 'country', index: c, base: popScore(population) + bias, region: -1, country: c, population });
    }
    return found;
  }

  #place(candidate: Candidate): Place {
    const country = this.#countries[candidate.country]!;
    const regionName = candidate.region >= 0 ? this.#regions[candidate.region]!.name : null;
    const base = { country: country.code, countryName: country.name };
    switch (candidate.kind) {
      case 'city':
        return {
          name: this.#names[candidate.index]!,
          region: regionName,
          ...base,
          lat: round(this.#lat[candidate.index]!),
          lon: round(this.#lon[candidate.index]!),
          kind: 'city',
        };
      case 'region': {
        const region = this.#regions[candidate.index]!;
        return { name: region.name ?? '', region: region.name, ...base, lat: round(region.lat), lon: round(region.lon), kind: 'region' };
      }
      case 'country':
        return { name: country.name, region: null, ...base, lat: round(country.lat), lon: round(country.lon), kind: 'country' };
      case 'postal': {
        const record = candidate.postal!;
        return { name: record.name, region: regionName, ...base, lat: round(record.lat), lon: round(record.lon), kind: 'postal', postalCode: record.code };
      }
    }
  }
}

/** Japanese prefectures are also written "Aichi-ken", "Aichi Prefecture", "Tokyo-to", "Osaka-fu". */
function regionKeyVariants(country: string, name: string): string[] {
  const key = placeKey(name);
  if (country !== 'JP') return [key];
  const suffix = key === 'tokyo' ? 'to' : key === 'osaka' || key === 'kyoto' ? 'fu' : key.startsWith('hokkaido') ? undefined : 'ken';
  return [key, `${key} prefecture`, ...(suffix ? [`${key} ${suffix}`] : [])];
}
