"""Word lists for the demo city's proposals: templates × industry vocabulary.

A title, its problem, change and expected benefit are filled from one template and one
industry's words, so a welder's proposal speaks of welding and a dairy's of pasteurisers.
Like the city's words (zhichuang/demo/vocabulary.py) this is data of the fictitious 示范市,
not translatable interface text.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class IndustryWords:
    divisions: tuple[str, ...]
    equipment: tuple[str, ...]
    processes: tuple[str, ...]
    products: tuple[str, ...]
    materials: tuple[str, ...]


INDUSTRY_WORDS = (
    IndustryWords(
        ("33", "34", "35"),
        ("数控车床", "立式加工中心", "龙门铣床", "外圆磨床", "空压机组", "桥式起重机", "液压机", "热处理炉"),
        ("粗车", "精镗", "淬火", "齿轮滚齿", "箱体钻孔", "装配", "喷砂"),
        ("齿轮箱体", "传动轴", "法兰盘", "轴承座", "液压阀块", "减速机壳体"),
        ("切削液", "硬质合金刀片", "液压油", "钢材边角料", "砂轮"),
    ),
    IndustryWords(
        ("36", "37"),
        ("焊装机器人", "冲压线", "涂装烘房", "总装输送线", "拧紧机", "转向架台车"),
        ("点焊", "冲压", "电泳涂装", "总装拧紧", "车身检测", "底盘合装"),
        ("车门总成", "副车架", "转向节", "车身侧围", "制动盘", "座椅骨架"),
        ("焊丝", "涂料", "钢板卷料", "密封胶", "压缩空气"),
    ),
    IndustryWords(
        ("38", "40"),
        ("绕线机", "真空浸漆罐", "电机试验台", "波峰焊机", "变压器干燥炉", "仪表校验台"),
        ("绕线", "浸漆", "出厂试验", "端子压接", "整机装配", "仪表标定"),
        ("电机定子", "配电柜", "变压器线圈", "智能电表", "开关柜", "伺服电机"),
        ("漆包线", "绝缘漆", "硅钢片", "铜排", "绝缘纸"),
    ),
    IndustryWords(
        ("39",),
        ("贴片机", "回流焊炉", "AOI检测仪", "分板机", "点胶机", "老化测试柜"),
        ("贴片", "回流焊", "功能测试", "分板", "三防涂覆", "老化测试"),
        ("主控板", "电源模块", "光模块", "通信基板", "传感器组件"),
        ("锡膏", "贴片料带", "三防漆", "防静电包装", "氮气"),
    ),
    IndustryWords(
        ("25", "26", "28", "29"),
        ("精馏塔", "反应釜", "离心机", "导热油炉", "循环水泵", "尾气吸收塔", "储罐呼吸阀"),
        ("合成反应", "精馏", "结晶", "干燥", "投料", "装车"),
        ("聚氨酯树脂", "工业溶剂", "精细中间体", "改性塑料粒子", "涂料成品"),
        ("蒸汽", "循环冷却水", "催化剂", "氮气", "包装桶"),
    ),
    IndustryWords(
        ("27",),
        ("发酵罐", "压片机", "包衣机", "冻干机", "纯化水系统", "灌装线"),
        ("发酵", "压片", "包衣", "冻干", "灌装", "清场"),
        ("片剂", "冻干粉针", "原料药", "口服液", "胶囊"),
        ("纯化水", "包材", "蒸汽", "培养基", "铝塑泡罩"),
    ),
    IndustryWords(
        ("31", "32"),
        ("转炉", "连铸机", "加热炉", "轧机", "除尘风机", "天车", "熔铝炉"),
        ("转炉吹炼", "连铸", "加热", "轧制", "精整", "铸造"),
        ("热轧板卷", "线材", "铝型材", "铜管", "特钢棒材"),
        ("煤气", "耐火材料", "轧辊", "氧气", "废钢"),
    ),
    IndustryWords(
        ("13", "14", "15"),
        ("巴氏杀菌机", "灌装机", "喷雾干燥塔", "CIP清洗系统", "包装机", "冷库机组"),
        ("杀菌", "灌装", "喷雾干燥", "原料接收", "包装", "清洗"),
        ("液态奶", "奶粉", "饮料", "食用油", "面粉"),
        ("包装膜", "蒸汽", "清洗碱液", "纸箱", "冷却水"),
    ),
    IndustryWords(
        ("17", "18"),
        ("细纱机", "喷气织机", "定型机", "染色机", "络筒机", "缝制流水线"),
        ("纺纱", "织造", "染色", "定型", "裁剪", "缝制"),
        ("棉纱", "坯布", "印染面料", "衬衫", "工装"),
        ("染料", "蒸汽", "浆料", "缝纫线", "边角布料"),
    ),
    IndustryWords(
        ("30",),
        ("回转窑", "玻璃熔窑", "球磨机", "压机", "余热锅炉", "包装机"),
        ("熟料煅烧", "熔制", "粉磨", "压制成型", "包装"),
        ("水泥", "浮法玻璃", "陶瓷砖", "石膏板", "保温材料"),
        ("煤粉", "天然气", "耐火砖", "包装袋", "钢球"),
    ),
    IndustryWords(
        ("44", "45", "46"),
        ("变压器", "开关柜", "锅炉给水泵", "调压器", "计量泵", "巡检无人机"),
        ("倒闸操作", "设备巡检", "管网抢修", "水质化验", "锅炉运行"),
        ("供电线路", "燃气管网", "供水管网", "热网", "变电站"),
        ("絮凝剂", "燃料煤", "绝缘油", "备用电缆", "阀门"),
    ),
    IndustryWords(
        ("47", "48", "49", "50"),
        ("塔式起重机", "施工升降机", "混凝土泵车", "钢筋弯曲机", "盾构机", "架桥机"),
        ("钢筋绑扎", "模板支设", "混凝土浇筑", "脚手架搭设", "桩基施工"),
        ("箱梁", "剪力墙", "预制构件", "隧道管片", "桥墩"),
        ("钢筋", "模板", "混凝土", "脚手架钢管", "防水卷材"),
    ),
    IndustryWords(
        ("53", "54", "55", "58"),
        ("集装箱正面吊", "门座起重机", "叉车", "分拣线", "冷藏车", "牵引车"),
        ("装卸", "分拣", "配载", "车辆检修", "仓储盘点"),
        ("集装箱", "快递包裹", "散货", "冷链货物", "托盘货物"),
        ("柴油", "轮胎", "缠绕膜", "托盘", "润滑脂"),
    ),
    IndustryWords(
        ("63", "64", "65"),
        ("机房空调", "服务器集群", "UPS电源", "核心交换机", "监控平台"),
        ("版本发布", "故障处理", "数据备份", "网络巡检", "工单处理"),
        ("业务系统", "客户端应用", "数据平台", "通信基站", "云主机"),
        ("电力", "备品备件", "存储介质", "光纤跳线", "机柜空间"),
    ),
    IndustryWords(
        ("51", "52", "61", "62"),
        ("中央厨房设备", "冷柜", "收银系统", "洗碗机", "电梯", "空调机组"),
        ("备餐", "收货验收", "客房清扫", "库存盘点", "配送"),
        ("团餐", "生鲜商品", "客房服务", "外卖订单", "会员服务"),
        ("食材", "燃气", "一次性用品", "洗涤剂", "包装袋"),
    ),
    IndustryWords(
        ("77", "78"),
        ("鼓风机", "污泥脱水机", "提升泵", "加药装置", "在线监测仪", "垃圾压缩机"),
        ("曝气", "污泥脱水", "加药", "泵站运行", "水质监测"),
        ("出水水质", "污泥", "垃圾转运", "管网养护", "泵站"),
        ("聚丙烯酰胺", "电力", "次氯酸钠", "滤布", "柴油"),
    ),
)
GENERIC_WORDS = IndustryWords(
    (),
    ("空压机", "照明系统", "叉车", "水泵", "通风设备", "办公设备"),
    ("日常巡检", "物料搬运", "仓储管理", "现场清洁", "交接班"),
    ("主要产品", "服务流程", "备件库存"),
    ("电力", "包装材料", "劳保用品", "耗材"),
)
WORDS_BY_DIVISION = {division: words for words in INDUSTRY_WORDS for division in words.divisions}


@dataclass(frozen=True)
class Template:
    """One kind of improvement. Placeholders: {equipment} {process} {product} {material} {dept} {n} {pct}."""

    title: str
    problem: str
    change: str
    benefit: str
    benefit_types: tuple[str, ...]
    kinds: tuple[str, ...]
    keywords: tuple[str, ...]
    # Which benefit line categories its savings come from.
    categories: tuple[str, ...]


TEMPLATES = (
    Template(
        "降低{equipment}能耗",
        "{dept}的{equipment}长期满负荷运行，空载和待机时电机不停，月耗电比同类设备高约{pct}%。",
        "加装变频控制和空载自动停机，按生产节拍启停{equipment}，并对管路泄漏点逐一封堵。",
        "预计年节电约{n}万千瓦时，同时降低设备温升，延长电机寿命。",
        ("economic", "environment"),
        ("innovation", "small_suggestion", "rational"),
        ("节能降耗", "变频", "能耗"),
        ("energy", "equipment"),
    ),
    Template(
        "改进{product}加工工装夹具",
        "{process}工序加工{product}时靠人工找正，每件装夹需{n}分钟，定位误差大，返修多。",
        "设计快换定位夹具，一面两销定位、气动压紧，换型只需更换定位块。",
        "装夹时间缩短{pct}%，一次合格率提高，减轻操作工劳动强度。",
        ("economic", "efficiency", "quality"),
        ("creation", "invention", "innovation"),
        ("工装夹具", "快换", "定位"),
        ("labour", "quality"),
    ),
    Template(
        "优化{process}工艺参数",
        "{process}参数多年沿用老标准，{product}表面质量波动大，每月返工约{n}件。",
        "通过正交试验重新确定{process}的温度、速度和时间参数，形成作业指导书并固化到设备程序中。",
        "产品质量稳定，返工减少{pct}%，{material}消耗相应下降。",
        ("economic", "quality"),
        ("innovation", "design", "rational"),
        ("工艺参数", "正交试验", "质量提升"),
        ("quality", "material"),
    ),
    Template(
        "减少{product}废品率",
        "{dept}生产的{product}废品率约{pct}%，主要缺陷集中在{process}环节，原因长期未查清。",
        "组织QC小组对{process}进行鱼骨图分析，增加首件检验和过程抽检，改进{equipment}的防护与调整方法。",
        "废品率可降低一半以上，每年减少{material}浪费约{n}吨。",
        ("economic", "quality"),
        ("small_suggestion", "innovation", "rational"),
        ("废品率", "QC小组", "质量提升"),
        ("quality", "material"),
    ),
    Template(
        "{equipment}安全防护装置改造",
        "{equipment}的旋转和挤压部位防护不全，{dept}近年发生过{n}起险肇事件，操作人员存在伤害风险。",
        "增设联锁防护罩和光栅急停装置，防护门打开时设备自动断电，并在危险区域设置警示标识。",
        "消除机械伤害隐患，符合安全生产标准化要求。",
        ("safety",),
        ("creation", "design", "small_suggestion"),
        ("安全防护", "联锁", "隐患治理"),
        ("other",),
    ),
    Template(
        "{equipment}自动上下料装置",
        "{process}工序依靠人工搬运上下料，每班需{n}人，劳动强度大，设备等待时间长。",
        "制作简易机械手和料仓，实现{equipment}自动上下料，一人可看管多台设备。",
        "节省人工，设备利用率提高约{pct}%。",
        ("economic", "efficiency"),
        ("invention", "creation"),
        ("自动化", "上下料", "机械手"),
        ("labour", "equipment"),
    ),
    Template(
        "{material}回收再利用",
        "{dept}每月产生大量废旧{material}，直接作为废料处理，既浪费又增加处置费用。",
        "增设过滤回收装置，对{material}分类收集、再生处理后回用于{process}工序。",
        "每年可回收{material}约{n}吨，减少废弃物排放。",
        ("economic", "environment"),
        ("small_suggestion", "innovation", "rational"),
        ("回收利用", "节约", "环保"),
        ("material", "other"),
    ),
    Template(
        "{process}工序防错改进",
        "{process}工序靠目视检查，{product}漏装、错装时有发生，流入下道工序后返修困难。",
        "在{equipment}上增加传感器检测和防错工装，缺件或错件时设备不能启动。",
        "杜绝漏装错装，客户投诉明显减少。",
        ("quality", "economic"),
        ("design", "creation", "innovation"),
        ("防错", "质量提升", "传感器"),
        ("quality",),
    ),
    Template(
        "缩短{equipment}换型时间",
        "{equipment}换产品时需要拆装大量部件，每次换型约{n}小时，小批量订单交付紧张。",
        "按快速换模方法把内部作业转为外部作业，改用快换接头和标准化垫块。",
        "换型时间缩短{pct}%，多品种小批量生产更灵活。",
        ("efficiency", "economic"),
        ("innovation", "small_suggestion"),
        ("快速换模", "效率", "换型"),
        ("labour", "equipment"),
    ),
    Template(
        "{equipment}故障预警小装置",
        "{equipment}的轴承和电机故障往往在停机后才发现，去年非计划停机{n}次，影响{process}生产。",
        "加装振动和温度监测探头，数据接入车间看板，超限时声光报警并推送到维修人员手机。",
        "变事后维修为预知维修，减少非计划停机和备件损耗。",
        ("economic", "safety", "efficiency"),
        ("invention", "creation"),
        ("预知维修", "在线监测", "设备管理"),
        ("equipment", "labour"),
    ),
    Template(
        "改进{equipment}润滑方式",
        "{equipment}靠人工定期加油，加油量不稳定，部件磨损快，{material}用量大且有跑冒滴漏。",
        "改为集中自动润滑，按运行时间定量供油，并回收滴漏的油品。",
        "部件寿命延长，润滑油用量下降约{pct}%，现场更清洁。",
        ("economic", "environment"),
        ("small_suggestion", "innovation"),
        ("润滑", "设备管理", "节约"),
        ("material", "equipment"),
    ),
    Template(
        "改进{product}检测方法",
        "{product}的检测依赖人工量具，每件需{n}分钟，不同检验员结果不一致。",
        "设计专用检具和数显测量工装，检测数据自动记录，超差即时提示。",
        "检测效率提高{pct}%，检验结果一致，可追溯。",
        ("quality", "efficiency"),
        ("design", "creation"),
        ("检具", "质量管理", "数字化"),
        ("labour", "quality"),
    ),
    Template(
        "{dept}现场定置管理的建议",
        "{dept}工具和物料摆放无定置，找工具平均要{n}分钟，通道时有堵塞，存在绊倒和碰撞风险。",
        "推行定置管理，划线定位、形迹管理工具，设置物料暂存区和标识牌。",
        "现场整洁有序，减少寻找时间和安全隐患。",
        ("efficiency", "safety"),
        ("rational", "small_suggestion"),
        ("6S管理", "定置", "现场管理"),
        ("labour",),
    ),
    Template(
        "{equipment}噪声和粉尘治理",
        "{equipment}周边噪声超过85分贝，{process}时粉尘较大，职工长期作业影响健康。",
        "加装隔声罩和局部除尘吸风口，除尘器灰斗改为密闭卸灰。",
        "作业环境达到职业卫生标准，减少职业病风险。",
        ("environment", "safety"),
        ("design", "small_suggestion", "rational"),
        ("职业健康", "除尘", "降噪"),
        ("other",),
    ),
    Template(
        "{process}作业标准化的建议",
        "{process}作业各班组做法不一，新员工上手慢，{product}质量随人员波动。",
        "梳理最佳作业方法，编制图文并茂的标准作业卡，并纳入班组培训。",
        "作业一致，新员工培训周期缩短约{pct}%。",
        ("quality", "efficiency"),
        ("rational", "small_suggestion"),
        ("标准化", "作业指导", "培训"),
        ("labour", "quality"),
    ),
)

# (ProposalKind value, weight) when a template allows several.
KIND_WEIGHTS = {
    "invention": 6,
    "creation": 14,
    "innovation": 24,
    "design": 10,
    "small_suggestion": 22,
    "rational": 24,
}

# Benefit lines by category: (description, unit, unit price range in yuan).
BENEFIT_LINES = {
    "material": (("节约{material}", "吨", (800, 12000)), ("减少{material}损耗", "千克", (6, 60))),
    "energy": (("节约用电", "千瓦时", (0.55, 0.95)), ("节约蒸汽", "吨", (180, 260))),
    "labour": (("节省工时", "工时", (35, 80)),),
    "quality": (("减少{product}废品", "件", (40, 2500)), ("减少返修", "件", (20, 300))),
    "equipment": (("减少备件更换", "件", (300, 9000)), ("减少非计划停机损失", "小时", (800, 6000))),
    "other": (("减少委外费用", "项", (2000, 30000)),),
}

RETURN_REASONS = (
    "现状描述不够具体，请补充数据和照片。",
    "改进措施不清楚，请说明实施步骤。",
    "请补充预期效益的测算依据。",
)
REJECT_REASONS = (
    "该问题已列入公司技改计划，不再单独采纳。",
    "方案投入大、效益不明显，暂不采纳。",
    "与现行工艺标准冲突，暂不采纳。",
    "可行性不足，需进一步论证。",
)
IMPLEMENTATION_EVIDENCE = (
    "已按方案完成改造，试运行一个月效果良好，附验收记录。",
    "装置已制作安装并通过车间验收，纳入作业指导书。",
    "改进已在全班组推广，设备运行记录和检验数据存档。",
)
CORRECTION_REASONS = ("复核发现电价按旧标准计算，已更正。", "废品数量以财务台账为准，已更正。")

# Campaigns: (title, theme, month opened, months open, level): level city, district or enterprise.
CAMPAIGNS = (
    ("{year}年“安全生产月”合理化建议征集", "安全生产", 6, 1, "city"),
    ("{year}年节能降耗金点子征集", "节能降耗", 3, 3, "district"),
    ("{year}年质量提升五小创新活动", "质量提升", 4, 6, "enterprise"),
    ("{year}年职工技术创新“金点子”征集", "技术创新", 9, 3, "district"),
)
