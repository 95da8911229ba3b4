import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { changeBatcher } from './live-invalidation';

const change = (certificateId: string) => ({
  topic: 'certificates' as const,
  type: 'AccessExpired',
  certificateId,
  occurredAt: '2026-12-03T10:00:00.000Z',
});

describe('live invalidation', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('invalidates each stale query once per window, however many changes came', () => {
    const invalidated: QueryKey[] = [];
    const client = { invalidateQueries: ({ queryKey }: { queryKey: QueryKey }) => invalidated.push(queryKey) };
    const batcher = changeBatcher(client as unknown as QueryClient, 250);
    for (let i = 0; i < 1000; i++) batcher.add(change(i % 2 ? 'c-1' : 'c-2'));
    expect(invalidated).toEqual([]);
    jest.advanceTimersByTime(250);
    expect(invalidated).toEqual([
      ['attention'],
      ['certificates'],
      ['client-services'],
      ['certificate', 'c-2'],
      ['certificate', 'c-1'],
    ]);
    batcher.add(change('c-3'));
    jest.advanceTimersByTime(250);
    expect(invalidated).toHaveLength(9);
  });

  it('drops what is pending when the page closes', () => {
    const invalidated: QueryKey[] = [];
    const client = { invalidateQueries: ({ queryKey }: { queryKey: QueryKey }) => invalidated.push(queryKey) };
    const batcher = changeBatcher(client as unknown as QueryClient);
    batcher.add(change('c-1'));
    batcher.cancel();
    jest.advanceTimersByTime(1000);
    expect(invalidated).toEqual([]);
  });
});
