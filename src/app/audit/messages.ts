/**
 * Every word the audit page says, one table per language: Chinese for the
 * Chinese auditors the page is for (the default), English on request
 * (`audit --lang en`). The page and its script take their text from here
 * only; what the record itself says (labels as printed, findings' messages,
 * finding codes) is shown as it is.
 */
import { STATUS_LABELS, type CellStatus } from '../../core/cell-status.js';
import type { CellProvenance } from '../../core/record.js';
import type { Identity } from '../../core/templates/types.js';

export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'zh';

type Severity = 'error' | 'warning' | 'info';

/** What an identity's line says, from its kind and the labels of the cells it sums. */
export interface IdentityWords {
  kind: Identity['kind'];
  /** The form's own wording of the identity (the template's). */
  description: string;
  /** Row label of its total cell (a row total). */
  rowLabel: string;
  /** Column label of its total cell (a column total, a balance; for table 四 the group · 总计). */
  columnLabel: string;
}

/** The text the page's script shows in the detail panel (sent to it as data, so the script stays one hashed constant). */
export interface ClientMessages {
  value: string;
  status: string;
  raw: string;
  confidence: string;
  method: string;
  repairs: string;
  where: string;
  findingsNaming: string;
  noFindingNames: string;
  missingValue: string;
  blankValue: string;
  noRaw: string;
  noRepairs: string;
  /** `{n}` is the number of cells. */
  cellsHighlighted: string;
  methods: Record<CellProvenance['method'], string>;
}

export interface Messages {
  htmlLang: string;
  title: (what: string) => string;
  agency: string;
  year: string;
  format: (template: string) => string;
  source: (file: string, kind: string, pages: number) => string;
  pipeline: (version: string) => string;
  notFound: string;
  kinds: Record<string, string>;
  statuses: Record<CellStatus, string>;
  sourceSide: string;
  recordSide: string;
  detailHint: string;
  page: (n: number) => string;
  imageUnavailable: string;
  whereBox: (page: number) => string;
  whereInferred: (page: number) => string;
  whereNoBox: (page: number) => string;
  notLocated: string;
  notInRecord: string;
  /** `label: status` in a value's tooltip. */
  labelled: (label: string, status: string) => string;
  checksTitle: (fail: number, blank: number, hold: number) => string;
  checksHolding: (hold: number) => string;
  checkBlank: string;
  identity: (w: IdentityWords) => string;
  findingsTitle: (n: number) => string;
  severities: Record<Severity, string>;
  /** The note under table 二 giving the unit a column's number was printed with (采购总金额, 元 or 万元). */
  printedUnit: (column: string, unit: string) => string;
  client: ClientMessages;
}

const ZH: Messages = {
  htmlLang: 'zh-CN',
  title: (what) => `审核：${what}`,
  agency: '机关',
  year: '年度',
  format: (t) => `格式：${t} 年版`,
  source: (file, kind, pages) => `原件：${file}（${kind}，${pages} 页）`,
  pipeline: (v) => `nianbao ${v}`,
  notFound: '（未找到）',
  kinds: { 'pdf-text': '文字版 PDF', 'pdf-scan': '扫描版 PDF', image: '图片', text: '文本', html: '网页', docx: 'Word 文档' },
  statuses: { clean: '读取无误', repaired: '已修复', uncertain: '存疑', inconsistent: '原件自相矛盾', missing: '缺失', blank: '原件空白' },
  sourceSide: '原件',
  recordSide: '记录',
  detailHint: '点击或悬停一个数值（表格中或原件上），查看它来自何处、原文、置信度、修复和相关发现。',
  page: (n) => `第 ${n} 页`,
  imageUnavailable: '（无法显示图像：只有方框）',
  whereBox: (p) => `第 ${p} 页`,
  whereInferred: (p) => `第 ${p} 页：没有自己的方框，虚线框是它所在行和列推定的位置`,
  whereNoBox: (p) => `第 ${p} 页（没有可显示的方框）`,
  notLocated: '未在原件中定位',
  notInRecord: '本记录没有这一项',
  labelled: (label, status) => `${label}：${status}`,
  checksTitle: (f, b, h) => `勾稽关系核对：${f} 项不成立，${b} 项无法核对（有空白单元格），${h} 项成立`,
  checksHolding: (h) => `成立的 ${h} 项`,
  checkBlank: '（有空白单元格，无法核对）',
  identity: (w) => {
    switch (w.kind) {
      case 'row-total':
        return `总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他（${w.rowLabel}）`;
      case 'column-total':
        return `（七）总计 = （一）至（六）各项之和（${w.columnLabel}）`;
      case 'balance':
        return `第一项加第二项之和，等于第三项加第四项之和（${w.columnLabel}）`;
      case 'group-total':
        return `总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结（${w.columnLabel.replace(/·总计$/, '')}）`;
      default:
        return w.description;
    }
  },
  findingsTitle: (n) => `发现（${n}）`,
  severities: { error: '错误', warning: '警告', info: '提示' },
  printedUnit: (c, u) => `${c}单位（按原件）：${u}`,
  client: {
    value: '数值',
    status: '状态',
    raw: '原文',
    confidence: '置信度',
    method: '定位方法',
    repairs: '修复',
    where: '位置',
    findingsNaming: '指向此单元格的发现',
    noFindingNames: '没有发现指向此单元格',
    missingValue: '缺失（没有数值）',
    blankValue: '空白',
    noRaw: '（无）',
    noRepairs: '无',
    cellsHighlighted: '已标出 {n} 个单元格；点击其中一个查看详情。',
    methods: { grid: '表格单元格', position: '按位置', order: '按顺序', 'digit-split': '拆分连写的数字', identity: '由勾稽关系推出', missing: '缺失' },
  },
};

const EN: Messages = {
  htmlLang: 'en',
  title: (what) => `Audit: ${what}`,
  agency: 'agency',
  year: 'year',
  format: (t) => `format: ${t}`,
  source: (file, kind, pages) => `source: ${file} (${kind}, ${pages} pages)`,
  pipeline: (v) => `pipeline ${v}`,
  notFound: '(not found)',
  kinds: {},
  statuses: STATUS_LABELS,
  sourceSide: 'source',
  recordSide: 'record',
  detailHint: 'Click or hover a value (in the tables or on the source) to see where it came from, its raw text, confidence, repairs and findings.',
  page: (n) => `page ${n}`,
  imageUnavailable: ' (image unavailable: boxes only)',
  whereBox: (p) => `page ${p}`,
  whereInferred: (p) => `page ${p}: no box of its own; the dashed box is where its row and column put it`,
  whereNoBox: (p) => `page ${p} (no box to show)`,
  notLocated: 'not located in the source',
  notInRecord: 'not in this record',
  labelled: (label, status) => `${label}: ${status}`,
  checksTitle: (f, b, h) => `Identity checks: ${f} fail, ${b} cannot be checked (blank cells), ${h} hold`,
  checksHolding: (h) => `the ${h} that hold`,
  checkBlank: ' (a blank cell: cannot be checked)',
  identity: (w) => w.description,
  findingsTitle: (n) => `Findings (${n})`,
  severities: { error: 'error', warning: 'warning', info: 'info' },
  printedUnit: (c, u) => `${c} unit as printed: ${u}`,
  client: {
    value: 'value',
    status: 'status',
    raw: 'raw text',
    confidence: 'confidence',
    method: 'method',
    repairs: 'repairs',
    where: 'where',
    findingsNaming: 'Findings naming this cell',
    noFindingNames: 'No finding names this cell',
    missingValue: 'missing (no value)',
    blankValue: 'blank',
    noRaw: '(none)',
    noRepairs: 'none',
    cellsHighlighted: '{n} cells highlighted; click one for its details.',
    methods: { grid: 'grid', position: 'position', order: 'order', 'digit-split': 'digit-split', identity: 'identity', missing: 'missing' },
  },
};

export const MESSAGES: Record<Lang, Messages> = { zh: ZH, en: EN };
