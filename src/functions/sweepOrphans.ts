import * as df from 'durable-functions';
import { SWEEP_ORPHANS } from '../orchestrations/contract';
import { sweepOrphansOrchestrator } from '../orchestrations/sweep-orphans';

df.app.orchestration(SWEEP_ORPHANS, sweepOrphansOrchestrator);
