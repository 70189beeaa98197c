/** The kinds of notification the hub makes, each of which a user may choose to receive by e-mail. */
export const NOTIFICATION_KINDS = [
  'escalation_raised',
  'deadline_breached',
  'deadline_reminder',
  'approval_requested',
  'approval_approved',
  'approval_rejected',
  'child_protection_referral',
  'reassessment_due',
  'regie_assigned',
  'action_assigned',
  'action_updated',
  'meeting_decision',
  'order_breached',
  'partner_added',
  'partner_removed',
  'escalation_resolved',
  'audit_chain_broken',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
