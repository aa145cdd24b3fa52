import * as XLSX from '@e965/xlsx';
const ids=[36,27,14,0,50,57];
const ws = XLSX.utils.aoa_to_sheet([ids.map(String), ids.map((_,k)=>({t:'n',v:45306.75,z:`yyyy"${k}"`}))]);
const wb = XLSX.utils.book_new(); XLSX.utils.book_append_sheet(wb, ws, 'S');
const cfb = XLSX.CFB.read(XLSX.write(wb, {type:'buffer', bookType: 'biff8'}), {type:'buffer'});
const e = XLSX.CFB.find(cfb, '/Workbook'); const b = Buffer.from(e.content);
const idOf=new Map();
for (let at=0; at<b.length; at+=4+b.readUInt16LE(at+2)) { const t=b.readUInt16LE(at); const body=b.subarray(at+4, at+4+b.readUInt16LE(at+2));
 const k=/yyyy"(\d+)"/.exec(body.toString('latin1').replace(/\0/g,''))?.[1];
 if (t===0x041e && k!==undefined) idOf.set(body.readUInt16LE(0), ids[Number(k)]);
 if (t===0x00e0 && idOf.has(body.readUInt16LE(2))) body.writeUInt16LE(idOf.get(body.readUInt16LE(2)),2); }
e.content=b;
const r = XLSX.read(XLSX.CFB.write(cfb,{type:'buffer'}), {type:'buffer', cellNF:true, dense:true, cellStyles:true});
console.log(JSON.stringify(r.Sheets.S['!data'][1]));
console.log(Object.keys(r), r.SSF && Object.keys(r.SSF).length);
