'use strict';
// The unsigned admin endpoint under /_sandbox/: health, faults, reset, load, stats.

const { sendJson } = require('./respond');

/** deps: { faults, stats, reset(scenario), load(scenario), log, routes? ({ 'METHOD /path': async (body) => answer }) } */
function createAdmin(deps) {
  const { faults, stats } = deps;

  const routes = {
    'GET /_sandbox/health': async () => ({ ok: true }),
    'GET /_sandbox/faults': async () => faults.get(),
    'POST /_sandbox/faults': async (body) => {
      const { seed, ...rest } = body;
      return faults.set(rest, seed);
    },
    'POST /_sandbox/reset': async (body) => deps.reset(body.scenario),
    'POST /_sandbox/load': async (body) => deps.load(body.scenario),
    'GET /_sandbox/stats': async () => stats.snapshot(),
    'POST /_sandbox/stats/reset': async () => { stats.reset(); return { ok: true }; },
    ...(deps.routes || {}),
  };

  async function handle(req, res, body, path) {
    const remote = req.socket.remoteAddress || '';
    if (!/^(127\.|::1$|::ffff:127\.)/.test(remote)) return sendJson(res, 403, { error: 'the admin endpoint answers loopback only' });
    const route = routes[`${req.method} ${path.replace(/\/+$/, '')}`];
    if (!route) return sendJson(res, 404, { error: `no admin route ${req.method} ${path}; see sandbox/README.md` });
    let input = {};
    if (body && body.length) {
      try { input = JSON.parse(body.toString('utf8')); } catch (e) { return sendJson(res, 400, { error: `body is not JSON: ${e.message}` }); }
    }
    try {
      sendJson(res, 200, await route(input || {}));
    } catch (e) {
      deps.log(`admin ${req.method} ${path} failed: ${e.stack || e}`);
      sendJson(res, e.status || 400, { error: e.message });
    }
  }

  return { handle };
}

module.exports = { createAdmin };
