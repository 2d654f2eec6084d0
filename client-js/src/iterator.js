// A subscription's async iterator (iterator mode: no onMessage, no "message" listener). Messages,
// gap markers and events wait in the subscription's `_buffer`; the loop pulls them one at a time.

/**
 * The iterator of `sub`. A message counts as processed (and is acked) when the loop asks for the
 * next one, or leaves the loop.
 */
export function iterate(sub) {
  if (sub._callbacks) throw new TypeError('this subscription delivers to onMessage or "message" listeners; subscribe without them to iterate');
  if (sub._iterating) throw new TypeError('a subscription can have one iterator at a time');
  sub._iterating = true;
  let current = null;
  const finish = () => {
    if (current) sub._done(current.partition, current.next, current.owner);
    current = null;
    sub._pulled = false;
  };
  const ended = () => sub.state === 'closed' || sub.state === 'failed' || sub._client.state === 'closed';
  const it = {
    next: async () => {
      finish();
      skipMarkers(sub);
      let ready = sub._buffer[0];
      if (!ready && !ended()) ready = await new Promise((resolve) => { sub._waiter = resolve; });
      if (!ready) {
        sub._iterating = false;
        // a failed subscription, or a client stopped by the server, ends the loop with that error
        const err = sub.error ?? sub._client._fatal;
        if (err) throw err;
        return { done: true, value: undefined };
      }
      sub._buffer.shift();
      current = ready;
      sub._pulled = true;
      return { done: false, value: ready.msg };
    },
    return: async () => {
      finish();
      sub._iterating = false;
      sub._wake();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return it;
    },
  };
  return it;
}

/**
 * Gap markers at the head of `sub`'s buffer only move the processed position; events at the head
 * are emitted, once the message the loop holds is done.
 */
export function skipMarkers(sub) {
  while (sub._buffer.length && !sub._buffer[0].msg) {
    if (sub._buffer[0].call && sub._pulled) return;
    const g = sub._buffer.shift();
    if (g.call) sub._call(...g.call);
    else sub._done(g.partition, g.next, g.owner);
  }
}
