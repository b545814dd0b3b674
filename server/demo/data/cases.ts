import type { CaseSource } from '../../../shared/domain/vocabulary'

/**
 * What grassroots cases are about: the categories of a 12345 / 信访 / 网格 register, how common each
 * is, the share that are 小事 (due within 24 h), and concrete titles (`{v}` is the village or
 * community where it was reported).
 */
export interface CategorySpec {
  weight: number
  /** Share of 小事 (minor, due overnight); the rest are 大事 (due within the month). */
  minor: number
  titles: readonly string[]
}

export const CATEGORIES: Record<string, CategorySpec> = {
  邻里纠纷: {
    weight: 14,
    minor: 0.7,
    titles: ['{v}两户因宅基地界线发生争执', '{v}村民反映邻居违规搭建挡光', '{v}邻里因排水沟堵塞引发矛盾', '{v}楼上漏水与楼下住户协商未果', '{v}村民因门前堆物发生口角'],
  },
  婚姻家庭: {
    weight: 5,
    minor: 0.6,
    titles: ['{v}村民反映赡养老人问题家庭矛盾', '{v}夫妻矛盾请求村调委会调解', '{v}兄弟分家析产纠纷', '{v}老人反映子女不尽赡养义务'],
  },
  劳动争议: {
    weight: 6,
    minor: 0.25,
    titles: ['{v}务工人员反映工地拖欠工资', '{v}企业员工反映未签订劳动合同', '{v}农民工讨要年底工钱', '{v}员工反映工伤认定迟迟未办'],
  },
  征地拆迁: {
    weight: 3,
    minor: 0.1,
    titles: ['{v}村民对征迁补偿标准有异议', '{v}反映安置房分配不公', '{v}征迁户反映过渡费未按时发放', '{v}村民对土地征收程序提出质疑'],
  },
  土地纠纷: {
    weight: 3,
    minor: 0.2,
    titles: ['{v}村民反映土地流转租金未兑现', '{v}承包地边界争议', '{v}反映村集体土地发包不公开', '{v}山林承包合同到期续包争议'],
  },
  违章建筑: {
    weight: 5,
    minor: 0.3,
    titles: ['{v}举报村民违规加层建房', '{v}反映沿街店面违规搭建雨棚', '{v}农户在耕地上违建棚房', '{v}小区顶楼违建阳光房'],
  },
  环境卫生: {
    weight: 10,
    minor: 0.85,
    titles: ['{v}村口垃圾桶满溢未清运', '{v}河道漂浮垃圾需打捞', '{v}公厕无人保洁', '{v}道路积尘扬尘严重', '{v}反映垃圾分类投放点异味'],
  },
  噪声扰民: {
    weight: 6,
    minor: 0.9,
    titles: ['{v}夜间工地施工噪声扰民', '{v}广场舞音响音量过大', '{v}沿街商铺高音喇叭招揽顾客', '{v}工厂夜间机器轰鸣'],
  },
  道路交通: {
    weight: 7,
    minor: 0.65,
    titles: ['{v}村道路面坑洼需修补', '{v}路口缺少减速带', '{v}公交站台破损', '{v}机动车乱停占用消防通道', '{v}红绿灯故障'],
  },
  市政设施: {
    weight: 8,
    minor: 0.85,
    titles: ['{v}路灯不亮', '{v}窨井盖缺失存在安全隐患', '{v}自来水管破裂漏水', '{v}雨水管网堵塞积水', '{v}健身器材损坏'],
  },
  物业管理: {
    weight: 5,
    minor: 0.7,
    titles: ['{v}小区物业不作为', '{v}电梯频繁故障', '{v}小区停车位收费争议', '{v}维修基金使用不透明'],
  },
  停车管理: {
    weight: 3,
    minor: 0.85,
    titles: ['{v}车辆乱停放堵塞道路', '{v}僵尸车长期占用车位', '{v}电动车充电桩不足'],
  },
  消费维权: {
    weight: 5,
    minor: 0.75,
    titles: ['{v}商户预付卡跑路', '{v}农资店出售劣质化肥', '{v}网购商品退货纠纷', '{v}餐饮店食品卫生问题'],
  },
  社会保障: {
    weight: 5,
    minor: 0.5,
    titles: ['{v}村民咨询医保缴费问题', '{v}低保申请审核进度', '{v}残疾人补贴未到账', '{v}老年人养老金待遇核定'],
  },
  医疗教育: {
    weight: 3,
    minor: 0.6,
    titles: ['{v}卫生室缺少常用药', '{v}学生上学接送车辆不足', '{v}幼儿园入园名额问题'],
  },
  水电气: {
    weight: 4,
    minor: 0.9,
    titles: ['{v}频繁停电影响生产', '{v}自来水水压不足', '{v}燃气管道接入申请', '{v}农村饮用水浑浊'],
  },
  生态环境: {
    weight: 4,
    minor: 0.55,
    titles: ['{v}企业偷排污水', '{v}养殖场异味扰民', '{v}焚烧秸秆冒烟', '{v}溪流水质变差'],
  },
  农业农村: {
    weight: 3,
    minor: 0.5,
    titles: ['{v}农田灌溉水渠损坏', '{v}茶园道路需修缮', '{v}农户反映惠农补贴发放', '{v}野猪破坏庄稼'],
  },
  山林权属: {
    weight: 2,
    minor: 0.2,
    titles: ['{v}山林界址争议', '{v}村民反映林权证登记错误', '{v}毛竹林砍伐收益分配纠纷'],
  },
  出租房管理: {
    weight: 3,
    minor: 0.6,
    titles: ['{v}出租房群租存在消防隐患', '{v}出租房人员未登记', '{v}房东与租户押金纠纷'],
  },
  消防安全: {
    weight: 3,
    minor: 0.8,
    titles: ['{v}楼道电动车充电', '{v}消防栓损坏', '{v}小作坊住人与生产未分隔', '{v}消防通道被占用'],
  },
  涉水安全: {
    weight: 2,
    minor: 0.8,
    titles: ['{v}溪滩有人野泳', '{v}河道护栏损坏', '{v}山塘警示牌缺失', '{v}码头救生设施不全'],
  },
  电信诈骗: {
    weight: 2,
    minor: 0.6,
    titles: ['{v}村民接到冒充公检法电话', '{v}老人被刷单诈骗', '{v}反映可疑网络投资群'],
  },
  企业服务: {
    weight: 2,
    minor: 0.3,
    titles: ['{v}企业反映用地审批慢', '{v}企业用工招聘困难', '{v}企业反映物流道路拥堵'],
  },
}

/** How places tilt the mix: streets have property and parking matters, villages land and hills. */
export const PLACE_BIAS: Record<'street' | 'rural' | 'xiuzhou' | 'chunan', Record<string, number>> = {
  street: { 物业管理: 3, 停车管理: 2.5, 噪声扰民: 2, 消费维权: 1.5, 土地纠纷: 0.2, 山林权属: 0.05, 农业农村: 0.2, 涉水安全: 0.5 },
  rural: { 物业管理: 0.15, 停车管理: 0.3, 土地纠纷: 1.6, 山林权属: 1.8, 农业农村: 1.8, 邻里纠纷: 1.2 },
  // 秀洲: rental housing and workshops ("三合一") in the plain; no hills to dispute.
  xiuzhou: { 出租房管理: 2.5, 消防安全: 2, 企业服务: 1.5, 劳动争议: 1.3, 山林权属: 0.05 },
  // 淳安: the lake, its water-side points and its ecology.
  chunan: { 涉水安全: 3, 生态环境: 1.6, 山林权属: 1.5, 出租房管理: 0.3, 企业服务: 0.5 },
}

/** How the channel tilts it: petitions carry land and wages, 110 family quarrels and fraud. */
export const SOURCE_BIAS: Partial<Record<CaseSource, Record<string, number>>> = {
  petition: { 征地拆迁: 5, 土地纠纷: 3, 劳动争议: 2.5, 社会保障: 2, 山林权属: 2, 噪声扰民: 0.2, 市政设施: 0.2, 环境卫生: 0.3 },
  police: { 邻里纠纷: 3, 婚姻家庭: 3, 道路交通: 2, 电信诈骗: 6, 噪声扰民: 1.5, 市政设施: 0.2, 社会保障: 0.1 },
  grid: { 环境卫生: 2.5, 违章建筑: 2, 消防安全: 2.5, 出租房管理: 2.5, 涉水安全: 2, 消费维权: 0.3 },
  meeting: { 邻里纠纷: 2, 农业农村: 2.5, 环境卫生: 1.5, 道路交通: 1.5, 征地拆迁: 1.5, 消费维权: 0.2 },
}

/** Synthetic reporters: common Zhejiang surnames and given-name characters; 11-digit mobiles. */
export const PERSON_PARTS = {
  surname: ['王', '李', '张', '陈', '徐', '周', '吴', '钱', '孙', '黄', '方', '何', '俞', '蒋', '章', '汪', '胡', '叶', '邵', '朱', '沈', '杨', '楼', '余', '夏', '郑', '金', '赵'],
  given: ['建', '国', '华', '明', '丽', '芳', '军', '伟', '英', '红', '平', '强', '勇', '海', '燕', '萍', '林', '峰', '杰', '敏', '静', '丰', '荣', '坤', '琴', '飞', '雪', '春', '晓', '文'],
  /** Two digits; nine random ones follow. */
  mobilePrefix: ['13', '15', '17', '18', '19'],
} as const
