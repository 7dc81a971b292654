/** A fleet report whose every string is markup that would run or restructure the page if it were not escaped. */
import type { Finding } from '../../src/core/diagnose';
import type { FleetReport } from '../../src/core/report';

export const HOSTILE =
  `"'><img src=x onerror="window.pwned=1"><script>window.pwned=2</script></td></tr><tr data-status="healthy">` +
  `<td><a href="javascript:window.pwned=3">x</a> | **bold** [link](https://example.com) &amp; \`code\``;

export function hostileReport(): FleetReport {
  const finding = (status: Finding['status']): Finding => ({
    check: 'dns-record',
    status,
    subject: HOSTILE,
    message: HOSTILE,
    action: HOSTILE,
  });
  return {
    generatedAt: '2030-01-01T00:00:00.000Z',
    summary: { targets: 1, healthy: 0, needsHuman: 0, broken: 1, unknown: 0, endpoints: 1 },
    targets: [
      {
        id: HOSTILE,
        name: HOSTILE,
        type: HOSTILE,
        status: 'broken',
        counts: { ok: 1, warning: 1, error: 1, info: 0, unknown: 0 },
        endpoints: [
          {
            id: HOSTILE,
            name: HOSTILE,
            provisioningState: HOSTILE,
            connectionStatus: HOSTILE,
            actionsRequired: HOSTILE,
            managedByZoneGroup: false,
            subnetId: HOSTILE,
            ips: [{ member: HOSTILE, ip: HOSTILE, fqdns: [HOSTILE] }],
          },
        ],
        connections: [
          {
            id: HOSTILE,
            name: HOSTILE,
            endpointId: `${HOSTILE}2`,
            status: HOSTILE,
            description: HOSTILE,
            actionsRequired: null,
          },
        ],
        dns: [
          {
            fqdn: HOSTILE,
            source: HOSTILE,
            endpointId: HOSTILE,
            expectedIp: HOSTILE,
            zoneCopy: { zoneId: HOSTILE, subscriptionId: HOSTILE, resourceGroup: HOSTILE, zone: HOSTILE },
            recordIps: [HOSTILE],
            state: 'wrong-ip',
          },
        ],
        failover: [
          {
            region: HOSTILE,
            failoverPriority: 0,
            member: HOSTILE,
            status: 'error',
            ready: false,
            unmappedBy: [HOSTILE],
            blockedBy: [HOSTILE],
            message: HOSTILE,
            action: HOSTILE,
          },
        ],
        findings: [finding('error'), finding('warning'), finding('ok')],
      },
    ],
    failures: [{ stage: HOSTILE, resourceId: HOSTILE, code: HOSTILE, message: HOSTILE }],
    complete: false,
  };
}
