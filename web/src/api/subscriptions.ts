import type { DeliveriesResponse, EmailPreview, SendNowInput, SendNowResponse, Subscription, SubscriptionInput, SubscriptionsResponse } from '@canopy/shared';
import { queryOptions } from '@tanstack/react-query';
import { getJson, sendJson } from './client.ts';

/** GET /api/v1/subscriptions (admins): the email lists and whether sending is configured. */
export const subscriptionsQuery = () =>
  queryOptions({
    queryKey: ['subscriptions'],
    queryFn: ({ signal }) => getJson<SubscriptionsResponse>('/api/v1/subscriptions', {}, signal),
  });

/** GET /api/v1/subscriptions/deliveries (admins): the delivery log, newest first. */
export const deliveriesQuery = (subscription?: string) =>
  queryOptions({
    queryKey: ['subscriptions', 'deliveries', subscription ?? 'all'],
    queryFn: ({ signal }) => getJson<DeliveriesResponse>('/api/v1/subscriptions/deliveries', { subscription }, signal),
    refetchInterval: 30_000,
  });

/** GET /api/v1/subscriptions/:id/preview (admins): exactly the email that would go out now. */
export const previewQuery = (id: string) =>
  queryOptions({
    queryKey: ['subscriptions', 'preview', id],
    queryFn: ({ signal }) => getJson<EmailPreview>(`/api/v1/subscriptions/${encodeURIComponent(id)}/preview`, {}, signal),
    staleTime: 0,
  });

export function addSubscription(input: SubscriptionInput): Promise<Subscription> {
  return sendJson<Subscription>('POST', '/api/v1/subscriptions', input);
}

export function updateSubscription(id: string, input: SubscriptionInput): Promise<Subscription> {
  return sendJson<Subscription>('PUT', `/api/v1/subscriptions/${encodeURIComponent(id)}`, input);
}

export function setSubscriptionPaused(id: string, paused: boolean): Promise<Subscription> {
  return sendJson<Subscription>('PUT', `/api/v1/subscriptions/${encodeURIComponent(id)}/paused`, { paused });
}

export function deleteSubscription(id: string): Promise<void> {
  return sendJson<void>('DELETE', `/api/v1/subscriptions/${encodeURIComponent(id)}`);
}

export function sendSubscriptionNow(id: string, to: SendNowInput['to']): Promise<SendNowResponse> {
  return sendJson<SendNowResponse>('POST', `/api/v1/subscriptions/${encodeURIComponent(id)}/send`, { to });
}
