/** Chaos runs, shard 2 of the suite's seeds (support/suite.ts). */
import { chaosShard } from './support/suite';

chaosShard(1);
