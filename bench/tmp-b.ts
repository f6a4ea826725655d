import { machinesUsed, pack } from '../src/server/capacity/pack.ts';
const W=10000,D=4; let a=1; const r=()=>((a=(a*1103515245+12345)%2147483648)/2147483648);
const demand=Float64Array.from({length:W*D},()=>10+r()*30);
const p={dims:D,capacity:new Float64Array(W*D).fill(100),demand};
for (const h of ['dot-product','norm-greedy','ffd-sum'] as const){const c=process.cpuUsage();const t=performance.now();const x=pack(p,h);const u=process.cpuUsage(c);console.log(h,machinesUsed(x,W),'wall',Math.round(performance.now()-t),'cpu',Math.round((u.user+u.system)/1000));}
