import * as XLSX from '@e965/xlsx';
import { readFileSync, writeFileSync } from 'node:fs';
const aoa = [['id','name','start','amount','ok','f'],['007','Zoë',new Date(Date.UTC(2024,0,15)),1234.5,true,null],['12345678901234567890','李',45000,0.1+0.2,false,null]];
const ws = XLSX.utils.aoa_to_sheet(aoa, {cellDates:true});
ws['D2'].z = '#,##0.00'; ws['F2'] = {t:'n', f:'D2*2'}; ws['F3'] = {t:'n', v: 0.6, f:'D3*2'}; ws['!ref']='A1:F3';
const wb = XLSX.utils.book_new(); XLSX.utils.book_append_sheet(wb, ws, 'S1'); XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([]), 'Empty');
for (const t of ['xlsx','xls','ods','biff8']) { try { writeFileSync('/tmp/sp/t.'+t, XLSX.write(wb,{type:'buffer',bookType:t})); } catch(e) { console.log('write',t,e.message) } }
for (const f of ['/tmp/sp/t.xlsx','/tmp/sp/t.xls','/tmp/sp/t.ods','/tmp/sp/t.biff8','/tmp/sp/plain.zip','/tmp/sp/fake.doc']) {
  try { const w = XLSX.read(readFileSync(f), {type:'buffer', dense:true, cellFormula:true, dateNF:'yyyy-mm-dd'}); console.log(f, w.bookType, w.SheetNames, JSON.stringify(w.Workbook?.Sheets), JSON.stringify(w.Sheets[w.SheetNames[0]]['!data']?.slice(1))); }
  catch (e) { console.log(f, 'ERR', e.message); }
}
