/**
 * What OpenShift's restricted-v2 SCC admits, as the tests expect every container and pod of the stack to ask for it:
 * spelled here once, independent of the constructs' own helpers (constructs/security.ts).
 */
export const RESTRICTED_CONTAINER_SECURITY_CONTEXT = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  seccompProfile: { type: 'RuntimeDefault' },
} as const;
