// Runs autocannon in a child process, so the load generator does not share the server's event
// loop (a pipeline's requests come from elsewhere too). Receives { url, paths, connections,
// duration } as its first IPC message and answers with the latency and request figures.
import autocannon from 'autocannon';

process.once('message', async ({ url, paths, connections, duration }) => {
  let i = 0;
  const result = await autocannon({ url, connections, duration, requests: [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }] });
  process.send({ latency: result.latency, requests: result.requests, errors: result.errors, non2xx: result.non2xx }, () => process.exit(0));
});
