// Owns the issuer pool: the governments and agencies reports are written for, with the facts
// the page needs about each (region, province, site domain, administrative code, size).

export type IssuerKind = 'city' | 'county' | 'district' | 'dept' | 'province-dept';

export interface Place {
  issuer: string;
  region: string;
  kind: IssuerKind;
  province: string;
  /** one-character province abbreviation used in ICP numbers and document numbers */
  abbr: string;
  /** site host, e.g. www.anqing.gov.cn */
  domain: string;
  /** 6-digit administrative division code */
  code: string;
  /** the office that compiles the report */
  office: string;
  /** short name used in the report body (我市, 我县, 本局 …) */
  selfRef: string;
  /** rough size factor for request counts */
  scale: number;
}

const P = (issuer: string, region: string, kind: IssuerKind, province: string, abbr: string, domain: string, code: string, scale: number): Place => {
  const office = kind === 'dept' || kind === 'province-dept' ? issuer : `${issuer}办公室`;
  const selfRef = kind === 'city' ? '我市' : kind === 'county' ? (region.endsWith('市') ? '我市' : '我县') : kind === 'district' ? '我区' : '本机关';
  return { issuer, region, kind, province, abbr, domain, code, office, selfRef, scale };
};

/** The five places of the real seed reports come first. */
export const PLACES: readonly Place[] = [
  P('安庆市人民政府', '安庆市', 'city', '安徽省', '皖', 'www.anqing.gov.cn', '340800', 1.0),
  P('廊坊市人民政府', '廊坊市', 'city', '河北省', '冀', 'www.lf.gov.cn', '131000', 1.0),
  P('咸宁市人民政府', '咸宁市', 'city', '湖北省', '鄂', 'www.xianning.gov.cn', '421200', 0.6),
  P('磐安县人民政府', '磐安县', 'county', '浙江省', '浙', 'www.panan.gov.cn', '330727', 0.2),
  P('鞍山市人民政府', '鞍山市', 'city', '辽宁省', '辽', 'www.anshan.gov.cn', '210300', 1.0),
  P('合肥市人民政府', '合肥市', 'city', '安徽省', '皖', 'www.hefei.gov.cn', '340100', 3.0),
  P('蚌埠市人民政府', '蚌埠市', 'city', '安徽省', '皖', 'www.bengbu.gov.cn', '340300', 0.8),
  P('宿松县人民政府', '宿松县', 'county', '安徽省', '皖', 'www.susong.gov.cn', '340826', 0.15),
  P('迎江区人民政府', '迎江区', 'district', '安徽省', '皖', 'www.yingjiang.gov.cn', '340802', 0.2),
  P('安庆市教育局', '安庆市', 'dept', '安徽省', '皖', 'jyj.anqing.gov.cn', '340800', 0.1),
  P('保定市人民政府', '保定市', 'city', '河北省', '冀', 'www.baoding.gov.cn', '130600', 1.5),
  P('霸州市人民政府', '霸州市', 'county', '河北省', '冀', 'www.bazhou.gov.cn', '131081', 0.3),
  P('大厂回族自治县人民政府', '大厂回族自治县', 'county', '河北省', '冀', 'www.lfdc.gov.cn', '131028', 0.1),
  P('廊坊市自然资源和规划局', '廊坊市', 'dept', '河北省', '冀', 'zrzy.lf.gov.cn', '131000', 0.5),
  P('武汉市江汉区人民政府', '武汉市江汉区', 'district', '湖北省', '鄂', 'www.jianghan.gov.cn', '420103', 0.6),
  P('宜昌市人民政府', '宜昌市', 'city', '湖北省', '鄂', 'www.yichang.gov.cn', '420500', 1.2),
  P('通山县人民政府', '通山县', 'county', '湖北省', '鄂', 'www.tongshan.gov.cn', '421224', 0.1),
  P('咸宁市生态环境局', '咸宁市', 'dept', '湖北省', '鄂', 'sthjj.xianning.gov.cn', '421200', 0.08),
  P('金华市人民政府', '金华市', 'city', '浙江省', '浙', 'www.jinhua.gov.cn', '330700', 1.5),
  P('义乌市人民政府', '义乌市', 'county', '浙江省', '浙', 'www.yw.gov.cn', '330782', 0.9),
  P('杭州市西湖区人民政府', '杭州市西湖区', 'district', '浙江省', '浙', 'www.hzxh.gov.cn', '330106', 0.8),
  P('金华市公安局', '金华市', 'dept', '浙江省', '浙', 'gaj.jinhua.gov.cn', '330700', 0.4),
  P('海城市人民政府', '海城市', 'county', '辽宁省', '辽', 'www.haicheng.gov.cn', '210381', 0.3),
  P('大连市人民政府', '大连市', 'city', '辽宁省', '辽', 'www.dl.gov.cn', '210200', 3.0),
  P('沈阳市和平区人民政府', '沈阳市和平区', 'district', '辽宁省', '辽', 'www.shenhe.gov.cn', '210102', 0.5),
  P('鞍山市人力资源和社会保障局', '鞍山市', 'dept', '辽宁省', '辽', 'rsj.anshan.gov.cn', '210300', 0.2),
  P('洛阳市人民政府', '洛阳市', 'city', '河南省', '豫', 'www.ly.gov.cn', '410300', 1.5),
  P('新郑市人民政府', '新郑市', 'county', '河南省', '豫', 'www.xinzheng.gov.cn', '410184', 0.4),
  P('兰考县人民政府', '兰考县', 'county', '河南省', '豫', 'www.lankao.gov.cn', '410225', 0.15),
  P('郑州市住房保障和房地产管理局', '郑州市', 'dept', '河南省', '豫', 'zzfgj.zhengzhou.gov.cn', '410100', 0.7),
  P('绵阳市人民政府', '绵阳市', 'city', '四川省', '川', 'www.my.gov.cn', '510700', 1.0),
  P('成都市武侯区人民政府', '成都市武侯区', 'district', '四川省', '川', 'www.cdwh.gov.cn', '510107', 0.9),
  P('泸定县人民政府', '泸定县', 'county', '四川省', '川', 'www.luding.gov.cn', '513322', 0.05),
  P('赣州市人民政府', '赣州市', 'city', '江西省', '赣', 'www.ganzhou.gov.cn', '360700', 1.3),
  P('婺源县人民政府', '婺源县', 'county', '江西省', '赣', 'www.jxwy.gov.cn', '361130', 0.1),
  P('赣州市教育局', '赣州市', 'dept', '江西省', '赣', 'jyj.ganzhou.gov.cn', '360700', 0.2),
  P('苏州市人民政府', '苏州市', 'city', '江苏省', '苏', 'www.suzhou.gov.cn', '320500', 3.0),
  P('昆山市人民政府', '昆山市', 'county', '江苏省', '苏', 'www.ks.gov.cn', '320583', 1.0),
  P('南京市鼓楼区人民政府', '南京市鼓楼区', 'district', '江苏省', '苏', 'www.njgl.gov.cn', '320106', 1.0),
  P('南通市财政局', '南通市', 'dept', '江苏省', '苏', 'czj.nantong.gov.cn', '320600', 0.1),
  P('湛江市人民政府', '湛江市', 'city', '广东省', '粤', 'www.zhanjiang.gov.cn', '440800', 1.1),
  P('深圳市福田区人民政府', '深圳市福田区', 'district', '广东省', '粤', 'www.szft.gov.cn', '440304', 1.8),
  P('台山市人民政府', '台山市', 'county', '广东省', '粤', 'www.cnts.gov.cn', '440781', 0.3),
  P('湖南省交通运输厅', '湖南省', 'province-dept', '湖南省', '湘', 'jtt.hunan.gov.cn', '430000', 0.5),
  P('株洲市人民政府', '株洲市', 'city', '湖南省', '湘', 'www.zhuzhou.gov.cn', '430200', 0.9),
  P('凤凰县人民政府', '凤凰县', 'county', '湖南省', '湘', 'www.fhzf.gov.cn', '433123', 0.08),
  P('榆林市人民政府', '榆林市', 'city', '陕西省', '陕', 'www.yl.gov.cn', '610800', 0.8),
  P('西安市雁塔区人民政府', '西安市雁塔区', 'district', '陕西省', '陕', 'www.yanta.gov.cn', '610113', 1.2),
  P('曲靖市人民政府', '曲靖市', 'city', '云南省', '滇', 'www.qj.gov.cn', '530300', 0.6),
  P('大理市人民政府', '大理市', 'county', '云南省', '滇', 'www.yndali.gov.cn', '532901', 0.3),
  P('济宁市人民政府', '济宁市', 'city', '山东省', '鲁', 'www.jining.gov.cn', '370800', 1.4),
  P('曲阜市人民政府', '曲阜市', 'county', '山东省', '鲁', 'www.qufu.gov.cn', '370881', 0.2),
  P('青岛市市南区人民政府', '青岛市市南区', 'district', '山东省', '鲁', 'www.qdsn.gov.cn', '370202', 0.9),
  P('济宁市市场监督管理局', '济宁市', 'dept', '山东省', '鲁', 'amr.jining.gov.cn', '370800', 0.2),
];

/** Province government name used in citations (《安徽省人民政府办公厅关于…》). */
export function provinceGov(p: Place): string {
  return `${p.province}人民政府办公厅`;
}

/** Short name of the issuing body as used in the body ("市政府", "县政府", "市教育局" …). */
export function shortIssuer(p: Place): string {
  if (p.kind === 'city') return '市政府';
  if (p.kind === 'county') return p.region.endsWith('市') ? '市政府' : '县政府';
  if (p.kind === 'district') return '区政府';
  return p.issuer.replace(p.region, '').replace(/^市|^省/, '');
}
