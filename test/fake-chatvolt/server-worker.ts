// Worker-thread entry of the fake Chatvolt server: HTTP on a loopback ephemeral port plus the control channel.
import { createServer } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { resolveOptions } from './generator';
import { FakeServerState } from './server-state';
import type { FakeOptions } from './types';
import type { WorkerReply, WorkerRequest } from './protocol';

const port = parentPort;
if (port === null) throw new Error('server-worker must run in a worker thread');
const post = (reply: WorkerReply): void => port.postMessage(reply);

let state: FakeServerState;
try {
  state = FakeServerState.generate(resolveOptions(workerData as FakeOptions));
} catch (error) {
  post({ kind: 'failed', error: String(error) });
  throw error;
}

const server = createServer((req, res) => {
  // Answer only once the request body (if any) is drained, so keep-alive connections stay usable.
  req.resume();
  req.on('end', () => {
    const header = req.headers.authorization;
    const answer = state.serve(req.method ?? 'GET', req.url ?? '/', typeof header === 'string' ? header : undefined);
    const send = (): void => {
      if (answer.drop) {
        // A network failure: the client sees the connection reset, never an HTTP answer.
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
      res.end(answer.body);
    };
    if (answer.delayMs > 0) setTimeout(send, answer.delayMs);
    else send();
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (typeof address === 'object' && address !== null) post({ kind: 'ready', port: address.port });
  else post({ kind: 'failed', error: 'the fake server has no TCP address' });
});

port.on('message', (request: WorkerRequest) => {
  const { id, command } = request;
  try {
    switch (command.op) {
      case 'snapshot':
        // postMessage deep-copies, so the live objects can go as they are.
        post({ kind: 'result', id, value: state.view() });
        return;
      case 'fault':
        state.addFault(command.rule);
        break;
      case 'clearFaults':
        state.clearFaults();
        break;
      case 'configure':
        state.configure(command.behaviour);
        break;
      case 'mutate':
        post({ kind: 'result', id, value: state.mutate(command.change) });
        return;
      case 'requests':
        post({ kind: 'result', id, value: state.requests() });
        return;
      case 'resetRequests':
        state.resetRequests();
        break;
      case 'close':
        server.closeAllConnections();
        server.close(() => post({ kind: 'result', id }));
        return;
    }
    post({ kind: 'result', id });
  } catch (error) {
    post({ kind: 'result', id, error: error instanceof Error ? error.message : String(error) });
  }
});
