/**
 * A place of the division directory (统计用区划代码) as the domain sees it: the place matcher,
 * intake, routing and the pages work with these; the directory repository only stores them.
 */

export type PlaceLevel = 'province' | 'city' | 'county' | 'township' | 'village';

export interface Place {
  code: string;
  name: string;
  level: PlaceLevel;
  parentCode: string;
}
