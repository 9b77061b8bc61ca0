// Chinese names of record fields and audit-log terms, for every screen that has to name a field.
export const FIELD_LABELS: Record<string, string> = {
  province: '省份',
  city: '市',
  district: '区县',
  nature: '主办者性质',
  certType: '证件类型',
  certNumber: '证件号码',
  name: '名称',
  certAddress: '证件住所',
  investor: '投资人或主管单位',
  mailingAddress: '通信地址',
  remark: '备注',
  icpNumber: '备案号',
  principalPersonId: '负责人',
  certValidFrom: '证件有效期起',
  certValidTo: '证件有效期止',
  officePhone: '办公室电话',
  mobile: '手机号码',
  emergencyPhone: '应急联系电话',
  email: '电子邮箱',
  domains: '域名',
  homepages: '网站首页URL',
  serviceContent: '网站服务内容',
  preApprovals: '前置审批',
  languages: '网站语言',
  ips: 'IP 地址',
};

export const AUDIT_TARGETS: Record<string, string> = { entity: '主体', person: '负责人', website: '网站', material: '材料' };

export const AUDIT_ACTIONS: Record<string, string> = {
  'entity.create': '新建客户',
  'entity.update': '修改主体信息',
  'entity.delete': '删除客户',
  'person.create': '添加负责人',
  'person.update': '修改负责人',
  'person.delete': '删除负责人',
  'website.create': '添加网站',
  'website.update': '修改网站',
  'website.delete': '删除网站',
  'material.create': '添加材料',
  'material.delete': '删除材料',
  'material.read': '查看材料',
  'entity.reveal': '查看个人信息',
  'person.reveal': '查看个人信息',
  'entity.export': '导出（含个人信息）',
};

/** Names of the counts and facts an audit entry's detail may carry. */
export const AUDIT_DETAIL_LABELS: Record<string, string> = {
  people: '负责人',
  websites: '网站',
  materials: '材料',
  domains: '域名',
  kind: '类型',
  size: '字节',
  reason: '原因',
  purpose: '用途',
  revealed: '明文',
};
