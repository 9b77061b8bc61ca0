// 负责人 fields.
import { Col, Form, Input, Row, Select } from 'antd';
import { PERSON_CERT_TYPES, personShape } from '../../main/api/contract';
import { TypedNumberInput } from './TypedNumberInput';
import { certNumberRule as certNumberRuleFor, zodRule } from './zodRules';

type Path = (string | number)[];

/**
 * `prefix`: the fields' names as the enclosing Form.List sees them (e.g. [index]); `at`: where the person
 * sits in the whole form (e.g. ['people', index]). A rule reading a sibling field goes through the form
 * instance, which knows only whole-form paths: with a list-relative one it read nothing and the 身份证
 * check-digit test was skipped.
 */
export function PersonFieldsGroup({ prefix = [], at = prefix }: { prefix?: Path; at?: Path }) {
  const n = (f: string) => [...prefix, f];
  const certTypeAt = [...at, 'certType'];
  const certNumberRule = certNumberRuleFor(certTypeAt);
  return (
    <>
      <Row gutter={12}>
        <Col span={6}>
          <Form.Item label="姓名" name={n('name')} rules={[zodRule(personShape.name)]}>
            <Input />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="证件类型" name={n('certType')} rules={[zodRule(personShape.certType, undefined)]} initialValue="居民身份证">
            <Select options={PERSON_CERT_TYPES.map((v) => ({ value: v, label: v }))} />
          </Form.Item>
        </Col>
        <Col span={10}>
          <Form.Item label="证件号码" name={n('certNumber')} dependencies={[certTypeAt]} rules={[certNumberRule]} tooltip="全角数字、空格和连字符会自动去除，小写 x 改为 X">
            <TypedNumberInput autoComplete="off" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={6}>
          <Form.Item label="证件有效期起" name={n('certValidFrom')} rules={[zodRule(personShape.certValidFrom, null)]} normalize={(v: string) => (v ? v : null)}>
            <Input placeholder="YYYY-MM-DD" />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item label="证件有效期止" name={n('certValidTo')} rules={[zodRule(personShape.certValidTo, null)]} normalize={(v: string) => (v ? v : null)}>
            <Input placeholder="YYYY-MM-DD 或 长期" />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item label="手机号码" name={n('mobile')} rules={[zodRule(personShape.mobile)]}>
            <TypedNumberInput placeholder="11 位手机号" autoComplete="off" />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item label="电子邮箱" name={n('email')} rules={[zodRule(personShape.email)]}>
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item label="办公室电话" name={n('officePhone')} rules={[zodRule(personShape.officePhone)]}>
            <Input placeholder="086-区号-号码，如 086-0755-12345678" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="应急联系电话" name={n('emergencyPhone')} rules={[zodRule(personShape.emergencyPhone)]}>
            <Input />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}
