// 网站 fields. The 网站负责人 is chosen from the client's people by the caller (principal select).
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, Form, Input, Row, Select, Space } from 'antd';
import type { ReactNode } from 'react';
import { domainField, homepageField, ipField, PRE_APPROVAL_TYPES, SERVICE_CONTENT_NAMES, WEBSITE_LANGUAGES, websiteShape } from '../../main/api/contract';
import { checkRule, icpNumberRule, zodRule, type IcpClient } from './zodRules';

type Path = (string | number)[];

function StringList({ name, label, itemRule, placeholder, addText }: { name: Path; label: string; itemRule: ReturnType<typeof zodRule>; placeholder: string; addText: string }) {
  return (
    <Form.List
      name={name}
      rules={[
        {
          validator: async (_r, list: unknown[] | undefined) => {
            if (!list || list.length === 0) throw new Error(`请至少填写一个${label}`);
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <Form.Item label={label} required>
          {fields.map((field, index) => (
            <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
              <Form.Item name={field.name} rules={[itemRule]} style={{ marginBottom: 8, width: 320 }}>
                <Input placeholder={placeholder} aria-label={`${label}${index + 1}`} />
              </Form.Item>
              {fields.length > 1 ? <MinusCircleOutlined aria-label={`删除${label}${index + 1}`} onClick={() => remove(field.name)} /> : null}
            </Space>
          ))}
          <Button type="dashed" size="small" onClick={() => add('')} icon={<PlusOutlined />}>
            {addText}
          </Button>
          <Form.ErrorList errors={errors} />
        </Form.Item>
      )}
    </Form.List>
  );
}

export function WebsiteFieldsGroup({ prefix = [], principalSelect, client }: { prefix?: Path; principalSelect: ReactNode; client: IcpClient }) {
  const n = (f: string) => [...prefix, f];
  return (
    <>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item label="网站名称" name={n('name')} rules={[zodRule(websiteShape.name)]}>
            <Input />
          </Form.Item>
        </Col>
        <Col span={12}>{principalSelect}</Col>
      </Row>
      <Row gutter={12}>
        <Col span={12}>
          <StringList name={n('domains')} label="域名" itemRule={zodRule(domainField)} placeholder="example.cn" addText="添加域名" />
        </Col>
        <Col span={12}>
          <StringList name={n('homepages')} label="网站首页URL" itemRule={zodRule(homepageField)} placeholder="www.example.cn" addText="添加首页URL" />
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item label="网站服务内容" name={n('serviceContent')} rules={[zodRule(websiteShape.serviceContent, undefined)]}>
            <Select showSearch options={SERVICE_CONTENT_NAMES.map((v) => ({ value: v, label: v }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="前置审批" name={n('preApprovals')} tooltip="不选表示“以上都不涉及”">
            <Select mode="multiple" placeholder="以上都不涉及" options={PRE_APPROVAL_TYPES.map((v) => ({ value: v, label: v }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="网站语言" name={n('languages')} rules={[zodRule(websiteShape.languages, [])]}>
            <Select mode="multiple" options={WEBSITE_LANGUAGES.map((v) => ({ value: v, label: v }))} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item
            label="IP 地址"
            name={n('ips')}
            rules={[checkRule((v) => (Array.isArray(v) ? v.map((x) => ipField.safeParse(x)).find((r) => !r.success)?.error?.issues[0]?.message ?? null : null))]}
          >
            <Select mode="tags" placeholder="输入后回车，可多个" open={false} tokenSeparators={[',', ' ']} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="网站备案号" name={n('icpNumber')} rules={[icpNumberRule('website', client)]} normalize={(v: string) => (v ? v : null)}>
            <Input placeholder="已有备案时填写，如 粤ICP备12345678号-1" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label="网站备注" name={n('remark')} rules={[zodRule(websiteShape.remark)]}>
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} placeholder="多个域名时注明“域名指向同一网站”" />
      </Form.Item>
    </>
  );
}

export const NEW_WEBSITE_DEFAULTS = {
  domains: [''],
  homepages: [''],
  serviceContent: '单位门户网站',
  preApprovals: [],
  languages: ['中文简体'],
  ips: [],
  remark: '',
};
