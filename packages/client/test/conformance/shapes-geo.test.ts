import { expect, it } from 'vitest';
import { useServer } from '../commands/harness.js';
import { eachMode } from './modes.js';

// Geo commands: GEOPOS (lon, lat) floats, GEODIST a float in the unit asked for, GEOHASH strings
// whatever the decoding, GEOSEARCH members or [member, dist, ...] with the extras asked for.

const server = useServer();

eachMode('geo reply shapes', server, (mode) => {
  const { v, k } = mode;
  it('GEOADD, GEOPOS, GEODIST, GEOHASH, GEOSEARCH', async () => {
    expect(await mode.r.geoadd(k('g'), [13.361389, 38.115556, 'Palermo', 15.087269, 37.502669, 'Catania'])).toBe(2);
    const [palermo, missing] = await mode.r.geopos(k('g'), 'Palermo', 'Nowhere');
    expect(palermo?.[0]).toBeCloseTo(13.361389, 5);
    expect(palermo?.[1]).toBeCloseTo(38.115556, 5);
    expect(missing).toBeNull();
    expect(await mode.r.geodist(k('g'), 'Palermo', 'Catania', 'km')).toBeCloseTo(166.2742, 3);
    expect(await mode.r.geodist(k('g'), 'Palermo', 'Nowhere')).toBeNull();
    expect(await mode.r.geohash(k('g'), 'Palermo', 'Nowhere')).toEqual(['sqc8b49rny0', null]);
    expect(await mode.r.geosearch(k('g'), { longitude: 15, latitude: 37, radius: 200, unit: 'km', sort: 'ASC' })).toEqual([
      v('Catania'),
      v('Palermo'),
    ]);
    const near = await mode.r.geosearch(k('g'), { member: 'Catania', radius: 100, unit: 'km', withdist: true });
    expect(near).toEqual([[v('Catania'), 0]]);
  });
});
