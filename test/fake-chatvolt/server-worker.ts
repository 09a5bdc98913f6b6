// Worker-thread entry of the fake Chatvolt server (work in progress).
import { createServer } from 'node:http';
import { parentPort } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest } from './protocol';

const port = parentPort;
if (port === null) throw new Error('server-worker must run in a worker thread');
const server = createServer((_req, res) => {
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end('{"error":"NOT_FOUND"}');
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const reply: WorkerReply = typeof address === 'object' && address !== null ? { kind: 'ready', port: address.port } : { kind: 'failed', error: 'no address' };
  port.postMessage(reply);
});
port.on('message', (request: WorkerRequest) => {
  if (request.command.op === 'close') {
    server.closeAllConnections();
    server.close(() => port.postMessage({ kind: 'result', id: request.id } satisfies WorkerReply));
    return;
  }
  port.postMessage({ kind: 'result', id: request.id, value: request.command.op === 'requests' ? [] : undefined } satisfies WorkerReply);
});
