/** Chaos runs, shard 1 of the suite's seeds (support/suite.ts). */
import { chaosShard } from './support/suite';

chaosShard(0);
