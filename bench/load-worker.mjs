// Runs autocannon in a child process, so the load generator does not share the server's event
// loop (a pipeline's requests come from elsewhere too). Receives { url, paths, connections,
// duration, method?, headers?, body? } as its first IPC message (`body` may contain {{n}}, made
// unique per request) and answers with the latency and request figures.
import autocannon from 'autocannon';

process.once('message', async ({ url, paths, connections, duration, method = 'GET', headers = {}, body }) => {
  let i = 0;
  const setupRequest = (req) => {
    const n = i++;
    return { ...req, method, headers: { ...req.headers, ...headers }, path: paths[n % paths.length], ...(body ? { body: body.replaceAll('{{n}}', String(n)) } : {}) };
  };
  const result = await autocannon({ url, connections, duration, requests: [{ setupRequest }] });
  process.send({ latency: result.latency, requests: result.requests, errors: result.errors, non2xx: result.non2xx }, () => process.exit(0));
});
