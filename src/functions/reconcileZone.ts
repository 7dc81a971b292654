import * as df from 'durable-functions';
import { RECONCILE_ZONE } from '../orchestrations/contract';
import { reconcileZoneOrchestrator } from '../orchestrations/reconcile-zone';

df.app.orchestration(RECONCILE_ZONE, reconcileZoneOrchestrator);
