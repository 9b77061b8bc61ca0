// 主体信息 fields; used by the new-client form and the edit drawer.
import { Col, Form, Input, Row, Select } from 'antd';
import type { Rule } from 'antd/es/form';
import { certTypeProblem, certTypesForNature, entityShape, HOST_NATURES, PROVINCE_NAMES, type HostNature } from '../../main/api/contract';
import { TypedNumberInput } from './TypedNumberInput';
import { certNumberRule as certNumberRuleFor, icpNumberRule, zodRule } from './zodRules';

type Path = (string | number)[];

export function EntityFieldsGroup({ prefix = [] }: { prefix?: Path }) {
  const n = (f: string) => [...prefix, f];
  const form = Form.useFormInstance();
  const nature = Form.useWatch(n('nature'), form) as HostNature | undefined;
  const certTypes = nature ? certTypesForNature(nature) : [];
  const licence = ((Form.useWatch(n('certType'), form) as string | undefined) ?? '').includes('营业执照');
  const certTypeRule: Rule = ({ getFieldValue }) => ({
    validator: async (_r, v: string | undefined) => {
      if (!v) throw new Error('请选择证件类型');
      const problem = certTypeProblem(getFieldValue(n('nature')), v);
      if (problem) throw new Error(problem);
    },
  });
  const certNumberRule = certNumberRuleFor(n('certType'));
  return (
    <>
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item label="省份（备案归属地）" name={n('province')} rules={[zodRule(entityShape.province, undefined)]}>
            <Select showSearch placeholder="选择省份" options={PROVINCE_NAMES.map((p) => ({ value: p, label: p }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="市" name={n('city')} rules={[zodRule(entityShape.city)]}>
            <Input placeholder="如 深圳市" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="区县" name={n('district')} rules={[zodRule(entityShape.district)]}>
            <Input placeholder="如 南山区" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item label="主办者性质" name={n('nature')} rules={[zodRule(entityShape.nature, undefined)]}>
            <Select
              placeholder="选择主办者性质"
              options={HOST_NATURES.map((v) => ({ value: v, label: v }))}
              onChange={(v: HostNature) => {
                const current = form.getFieldValue(n('certType')) as string | undefined;
                if (!current || !certTypesForNature(v).includes(current)) form.setFieldValue(n('certType'), certTypesForNature(v)[0]);
              }}
            />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="证件类型" name={n('certType')} dependencies={[n('nature')]} rules={[certTypeRule]}>
            <Select placeholder="先选择主办者性质" options={certTypes.map((v) => ({ value: v, label: v }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="证件号码" name={n('certNumber')} dependencies={[n('certType')]} rules={[certNumberRule]}>
            <TypedNumberInput placeholder="统一社会信用代码或身份证号" autoComplete="off" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item label={nature === '个人' ? '主办人姓名' : '主办单位名称'} name={n('name')} rules={[zodRule(entityShape.name)]} tooltip="须与证件上的名称完全一致">
            <Input />
          </Form.Item>
        </Col>
        <Col span={nature === '个人' ? 12 : 7}>
          <Form.Item label="投资人或主管单位" name={n('investor')} rules={[zodRule(entityShape.investor)]}>
            <Input placeholder="企业填法人姓名或本单位全称" />
          </Form.Item>
        </Col>
        {nature === '个人' ? null : (
          <Col span={5}>
            <Form.Item
              label={licence ? '营业期限至' : '证件有效期至'}
              name={n('certValidTo')}
              rules={[zodRule(entityShape.certValidTo, null)]}
              normalize={(v: string) => (v ? v : null)}
              tooltip="证件必须在有效期内：过期阻断，临近到期警告"
            >
              <Input placeholder="YYYY-MM-DD 或 长期" />
            </Form.Item>
          </Col>
        )}
      </Row>
      <Form.Item label="证件住所" name={n('certAddress')} rules={[zodRule(entityShape.certAddress)]} tooltip="与证件上印的地址一致">
        <Input />
      </Form.Item>
      <Form.Item label="通信地址" name={n('mailingAddress')} rules={[zodRule(entityShape.mailingAddress)]} tooltip="详细到门牌号；决定备案归属地">
        <Input />
      </Form.Item>
      {nature === '个人' ? null : (
        // 经营范围 is read for 前置审批 hints (V-PRE-01); optional
        <Form.Item label="经营范围（选填）" name={n('businessScope')} rules={[zodRule(entityShape.businessScope, null)]} normalize={(v: string) => (v ? v : null)} tooltip="照营业执照“经营范围”栏填写，用于提示可能需要的前置审批">
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} placeholder="如 计算机软件开发；教育咨询（不含教育培训）" />
        </Form.Item>
      )}
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item label="主体备案号" name={n('icpNumber')} dependencies={[n('province')]} rules={[icpNumberRule('entity', { province: n('province') })]} normalize={(v: string) => (v ? v : null)}>
            <Input placeholder="已有备案时填写，如 粤ICP备12345678号" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="主体备注" name={n('remark')} rules={[zodRule(entityShape.remark)]}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}
