// The demo shop in its own process for the edge bench (so the upstream does not share the edge's
// event loop): sends its port over IPC, serves until killed.
import { startShop } from '../src/server/edge/simulate/shop.ts';

const shop = await startShop({ stock: 1e9, workMs: Number(process.env.SHOP_WORK_MS ?? 0) });
process.send!({ port: shop.port });
