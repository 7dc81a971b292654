/** The durable activities (src/activities): one registration each, all reading their settings at invocation time. */
import * as df from 'durable-functions';
import { ACTIVITY_NAMES, activities } from '../activities';

for (const name of ACTIVITY_NAMES) {
  df.app.activity(name, { handler: (input: unknown) => activities[name](input) });
}
