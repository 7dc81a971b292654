/** Checks 1 and 3: is each connection Approved, and does either side ask for the endpoint to be recreated? */
import { nameOf } from './names';
import type { Finding } from './types';
import type { Link, World } from './world';

const PRIVATE_LINK_SERVICE_TYPE = 'microsoft.network/privatelinkservices';

export function connectionFindings(world: World): Finding[] {
  if (world.links.length === 0) {
    return [
      {
        check: 'connection-status',
        status: 'info',
        subject: world.targetId,
        message: `no private endpoint is attached to ${world.targetName}: nothing reaches it privately`,
        action: '',
      },
    ];
  }
  return world.links.map((link) => statusFinding(world, link));
}

export function actionsRequiredFindings(world: World): Finding[] {
  return world.links.map((link) => {
    const endpointId = link.endpoint?.id ?? link.connection?.privateEndpointId;
    const subject = endpointId ?? (link.connection?.id as string);
    const sides = [
      { where: 'the endpoint', value: link.endpoint?.actionsRequired },
      { where: "the target's connection", value: link.connection?.actionsRequired },
    ].filter(
      (side): side is { where: string; value: string } => !!side.value && side.value.trim().toLowerCase() !== 'none',
    );
    if (sides.length === 0) {
      return {
        check: 'actions-required',
        status: 'ok',
        subject,
        message: 'no action required on the connection',
        action: '',
      };
    }
    const recreate = sides.filter((side) => side.value.trim().toLowerCase() === 'recreate');
    const shown = sides.map((side) => `"${side.value}" on ${side.where}`).join(' and ');
    if (recreate.length === 0) {
      return {
        check: 'actions-required',
        status: 'warning',
        subject,
        message: `actionsRequired is ${shown}`,
        action: `the endpoint's owner follows the target service's guidance for "${sides[0]?.value}"; the autopilot acts only on "Recreate"`,
      };
    }
    const put = endpointId
      ? `the autopilot does it: \`privatelink-autopilot apply --resource ${endpointId}\``
      : "the endpoint's owner must do it (the endpoint was not observed)";
    return {
      check: 'actions-required',
      status: 'warning',
      subject,
      message:
        `actionsRequired is ${shown}: the target changed (for Cosmos DB, a region was added or removed) and the ` +
        "endpoint's IP configurations and DNS records are out of date",
      action: `PUT the endpoint again with the same payload, then update its DNS records; ${put}`,
    };
  });
}

function statusFinding(world: World, link: Link): Finding {
  const connection = link.connection;
  const endpointId = link.endpoint?.id ?? connection?.privateEndpointId;
  const endpointName = endpointId ? nameOf(endpointId) : 'an unknown endpoint';
  const status = (connection?.status ?? link.endpoint?.connectionStatus ?? 'Unknown').trim();
  const subject = connection?.id ?? (endpointId as string);
  const disagreement =
    connection && link.endpoint && link.endpoint.connectionStatus.trim().toLowerCase() !== status.toLowerCase()
      ? ` (the endpoint itself still reports ${link.endpoint.connectionStatus})`
      : '';
  const unobserved = connection && !link.endpoint ? '; the endpoint was not observed, so its DNS is not checked' : '';
  const said = connection?.description ? ` ("${connection.description}")` : '';
  const base = { check: 'connection-status' as const, subject };

  switch (status.toLowerCase()) {
    case 'approved':
      return {
        ...base,
        status: 'ok',
        message: `connection from ${endpointName} is Approved${disagreement}${unobserved}`,
        action: '',
      };
    case 'pending':
      return {
        ...base,
        status: 'warning',
        message: `connection from ${endpointName} is Pending${said}${disagreement}: no traffic flows through it until it is approved${unobserved}`,
        action: world.targetId.startsWith('/')
          ? `an owner of ${world.targetName} approves or rejects it; or, to let the autopilot decide, add a rule that covers it to ` +
            `the approval policy (AUTOPILOT_POLICY_SOURCE) and run \`privatelink-autopilot apply --resource ${world.targetId}\``
          : // An alias names a service in someone else's subscription: only its provider can approve.
            `the provider of the Private Link Service behind alias ${world.targetId} approves it (e.g. a SaaS provider when you ` +
            `register the endpoint with them); the autopilot records its DNS once it is Approved`,
      };
    case 'rejected':
      return {
        ...base,
        status: 'error',
        message: `connection from ${endpointName} was Rejected${said}${disagreement}: the endpoint carries no traffic${unobserved}`,
        action: rejectedAction(world, endpointName),
      };
    case 'disconnected':
      return {
        ...base,
        status: 'error',
        message: `connection from ${endpointName} is Disconnected${disagreement}: the target removed it, and the endpoint carries no traffic${unobserved}`,
        action:
          `the endpoint's owner deletes private endpoint ${endpointName}; then remove its DNS records: ` +
          '`privatelink-autopilot sweep --delete`',
      };
    default:
      return {
        ...base,
        status: 'warning',
        message: `connection from ${endpointName} is "${status}"${disagreement}: only Approved connections carry traffic${unobserved}`,
        action: `an owner of ${world.targetName} checks the connection on the target`,
      };
  }
}

function rejectedAction(world: World, endpointName: string): string {
  const recreate = `delete private endpoint ${endpointName}, create it again and have the new connection approved`;
  if (world.target?.type.toLowerCase() === PRIVATE_LINK_SERVICE_TYPE) {
    return `ask the provider of ${world.targetName} to approve it again, or the endpoint's owner must ${recreate}`;
  }
  return `the endpoint's owner must ${recreate} (a rejected connection to ${world.targetName} cannot be approved again)`;
}
