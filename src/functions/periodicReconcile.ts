import * as df from 'durable-functions';
import { PERIODIC_RECONCILE } from '../orchestrations/contract';
import { periodicReconcileOrchestrator } from '../orchestrations/periodic-reconcile';

df.app.orchestration(PERIODIC_RECONCILE, periodicReconcileOrchestrator);
