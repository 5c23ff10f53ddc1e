import { describe, expect, test } from 'vitest';
import { isDatabaseUnavailable, isDiskFull } from './errors.ts';

describe('which errors mean "the database cannot serve right now"', () => {
  test.each([
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' }, true],
    [{ code: '57P01', message: 'terminating connection due to administrator command' }, true],
    [{ code: '57P03', message: 'the database system is starting up' }, true],
    [{ code: '08006', message: 'connection failure' }, true],
    [{ code: '08001', message: 'could not connect' }, true],
    [{ message: 'Connection terminated unexpectedly' }, true],
    [{ message: 'timeout exceeded when trying to connect' }, true],
    [{ code: '23505', message: 'duplicate key value violates unique constraint' }, false],
    [{ code: '42P01', message: 'relation "x" does not exist' }, false],
    [{ code: '53100', message: 'could not extend file: No space left on device' }, false],
    [undefined, false],
  ])('%o is unavailable: %s', (error, expected) => {
    expect(isDatabaseUnavailable(error)).toBe(expected);
  });

  test.each([
    [{ code: '53100' }, true],
    [{ code: '53200' }, false],
    [{ code: 'ENOSPC' }, false],
    [undefined, false],
  ])('%o is a full disk: %s', (error, expected) => {
    expect(isDiskFull(error)).toBe(expected);
  });
});
