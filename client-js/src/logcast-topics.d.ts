// Declarations of @logcast/client, re-exported by logcast.d.ts: JSON data, topic maps, positions, starts, states.

/** A JSON value, the default type of `Message.data`. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Topic name → the type of its records' `data`, the type parameter of `Logcast`:
 * `new Logcast<{ orders: Order; prices: Price }>(url)` makes `subscribe("orders", …)` deliver
 * `Message<Order>`, `publish("orders", data)` take an `Order`, and other topic names an error.
 * The default, `DefaultTopics`, allows any topic with `Json` data (and any publish data).
 */
export type TopicMap = object;
/** Any topic name, `Json` data: what a `Logcast` without a topic map allows. */
export type DefaultTopics = Record<string, Json>;
/** The topic names a map allows: every string for an index signature (the default), else its keys. */
export type TopicName<M> = string extends keyof M ? string : Extract<keyof M, string>;
/** The `data` type of topic `K` under map `M` (`Json` when `M` does not name it). */
export type TopicData<M, K> = K extends keyof M ? M[K] : Json;
/** What `publish` takes for topic `K`: `unknown` without a topic map (as before), else the topic's type. */
export type PublishData<M, K> = [M] extends [DefaultTopics] ? ([DefaultTopics] extends [M] ? unknown : TopicData<M, K>)
  : TopicData<M, K>;

/** Per partition (decimal string), the NEXT offset: last processed offset + 1. */
export type Offsets = Record<string, number>;

/** A position in a topic: offsets only mean something together with the topic's epoch. */
export interface Position {
  epoch: string;
  offsets: Offsets;
}

/**
 * Where a new subscription starts. "snapshot": the latest record of every key (of a compacted topic
 * the gateway keeps a view of), then live from where the snapshot ends (WebSocket only).
 */
export type From = 'latest' | 'earliest' | 'snapshot' | { time: number } | Position;

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'disconnected' | 'closed';

/**
 * How the client talks to the gateway: a WebSocket (logcast.v1), or Server-Sent Events streams
 * (`GET /v1/stream`, receive-only; publish goes through `POST /v1/topics/{topic}/messages`).
 */
export type Transport = 'websocket' | 'sse';
