import * as df from 'durable-functions';
import { RECONCILE_TARGET } from '../orchestrations/contract';
import { reconcileTargetOrchestrator } from '../orchestrations/reconcile-target';

df.app.orchestration(RECONCILE_TARGET, reconcileTargetOrchestrator);
