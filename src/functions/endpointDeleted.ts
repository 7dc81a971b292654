import * as df from 'durable-functions';
import { endpointDeletedOrchestrator } from '../orchestrations/endpoint-deleted';
import { ENDPOINT_DELETED } from '../orchestrations/contract';

df.app.orchestration(ENDPOINT_DELETED, endpointDeletedOrchestrator);
