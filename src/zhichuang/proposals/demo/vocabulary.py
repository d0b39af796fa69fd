"""Word lists for the demo city's proposals: an idea is composed from parts, then written out.

An idea is one theme (saving energy, a fixture, a guard, …) applied to one machine and one of its parts in
one process, with a cause the worker saw and a measure they propose; all of them come from the
enterprise's industry, so a welder's proposal speaks of welding and a dairy's of pasteurisers. The same
idea can be written in several ways: a theme has several titles and sentences in the register of a
written proposal and in the register of the shop floor (`plain`), and each cause and measure has both
wordings. The generator writes most ideas once; the duplicates it plants write an earlier idea again in
other words (see generator.ProposalGenerator.restate).

Like the city's words (zhichuang/demo/vocabulary.py) this is data of the fictitious 示范市, not
translatable interface text.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class IndustryWords:
    divisions: tuple[str, ...]
    equipment: tuple[str, ...]
    # Parts of a machine or spots of a line that a proposal is about.
    parts: tuple[str, ...]
    processes: tuple[str, ...]
    products: tuple[str, ...]
    materials: tuple[str, ...]
    # Whether the trade makes products (fixtures, scrap, changeovers and gauges make sense there).
    making: bool = True


INDUSTRY_WORDS = (
    IndustryWords(
        ("33", "34", "35"),
        ("数控车床", "立式加工中心", "龙门铣床", "外圆磨床", "空压机组", "桥式起重机", "液压机", "热处理炉"),
        ("主轴", "导轨", "刀塔", "液压站", "冷却泵", "排屑器", "卡盘", "电气柜"),
        ("粗车", "精镗", "淬火", "齿轮滚齿", "箱体钻孔", "装配", "喷砂"),
        ("齿轮箱体", "传动轴", "法兰盘", "轴承座", "液压阀块", "减速机壳体"),
        ("切削液", "硬质合金刀片", "液压油", "钢材边角料", "砂轮"),
    ),
    IndustryWords(
        ("36", "37"),
        ("焊装机器人", "冲压线", "涂装烘房", "总装输送线", "拧紧机", "转向架台车", "涂胶机"),
        ("焊枪", "定位夹具", "输送滚床", "气缸", "喷枪", "拧紧枪", "升降机", "光电开关"),
        ("点焊", "冲压", "电泳涂装", "总装拧紧", "车身检测", "底盘合装"),
        ("车门总成", "副车架", "转向节", "车身侧围", "制动盘", "座椅骨架"),
        ("焊丝", "涂料", "钢板卷料", "密封胶", "压缩空气"),
    ),
    IndustryWords(
        ("38", "40"),
        ("绕线机", "真空浸漆罐", "电机试验台", "波峰焊机", "变压器干燥炉", "仪表校验台", "剥线机"),
        ("张力器", "排线机构", "真空泵", "测试夹具", "锡炉", "加热管", "接线端子排", "计数器"),
        ("绕线", "浸漆", "出厂试验", "端子压接", "整机装配", "仪表标定"),
        ("电机定子", "配电柜", "变压器线圈", "智能电表", "开关柜", "伺服电机"),
        ("漆包线", "绝缘漆", "硅钢片", "铜排", "绝缘纸"),
    ),
    IndustryWords(
        ("39",),
        ("贴片机", "回流焊炉", "AOI检测仪", "分板机", "点胶机", "老化测试柜", "印刷机"),
        ("吸嘴", "飞达", "链条导轨", "钢网", "胶阀", "测试针床", "冷却区风机", "传送皮带"),
        ("贴片", "回流焊", "功能测试", "分板", "三防涂覆", "老化测试"),
        ("主控板", "电源模块", "光模块", "通信基板", "传感器组件"),
        ("锡膏", "贴片料带", "三防漆", "防静电包装", "氮气"),
    ),
    IndustryWords(
        ("25", "26", "28", "29"),
        ("精馏塔", "反应釜", "离心机", "导热油炉", "循环水泵", "尾气吸收塔", "储罐呼吸阀", "真空机组"),
        ("搅拌器", "机械密封", "换热器", "冷凝器", "进料阀", "液位计", "疏水阀", "取样口"),
        ("合成反应", "精馏", "结晶", "干燥", "投料", "装车"),
        ("聚氨酯树脂", "工业溶剂", "精细中间体", "改性塑料粒子", "涂料成品"),
        ("蒸汽", "循环冷却水", "催化剂", "氮气", "包装桶"),
    ),
    IndustryWords(
        ("27",),
        ("发酵罐", "压片机", "包衣机", "冻干机", "纯化水系统", "灌装线", "胶囊填充机"),
        ("冲头", "喷枪", "板层", "呼吸器", "灌装针头", "称量模块", "真空泵", "密封圈"),
        ("发酵", "压片", "包衣", "冻干", "灌装", "清场"),
        ("片剂", "冻干粉针", "原料药", "口服液", "胶囊"),
        ("纯化水", "包材", "蒸汽", "培养基", "铝塑泡罩"),
    ),
    IndustryWords(
        ("31", "32"),
        ("转炉", "连铸机", "加热炉", "轧机", "除尘风机", "天车", "熔铝炉", "矫直机"),
        ("氧枪", "结晶器", "烧嘴", "轧辊轴承", "液压压下缸", "辊道", "吊钩", "冷却水喷嘴"),
        ("转炉吹炼", "连铸", "加热", "轧制", "精整", "铸造"),
        ("热轧板卷", "线材", "铝型材", "铜管", "特钢棒材"),
        ("煤气", "耐火材料", "轧辊", "氧气", "废钢"),
    ),
    IndustryWords(
        ("13", "14", "15"),
        ("巴氏杀菌机", "灌装机", "喷雾干燥塔", "CIP清洗系统", "包装机", "冷库机组", "均质机"),
        ("板式换热器", "灌装阀", "雾化器", "清洗喷球", "封口刀", "蒸发器", "柱塞", "输送链"),
        ("杀菌", "灌装", "喷雾干燥", "原料接收", "包装", "清洗"),
        ("液态奶", "奶粉", "饮料", "食用油", "面粉"),
        ("包装膜", "蒸汽", "清洗碱液", "纸箱", "冷却水"),
    ),
    IndustryWords(
        ("17", "18"),
        ("细纱机", "喷气织机", "定型机", "染色机", "络筒机", "缝制流水线", "梳棉机"),
        ("罗拉", "钢领", "主喷嘴", "针板链", "热交换器", "捻接器", "压脚", "吸风管"),
        ("纺纱", "织造", "染色", "定型", "裁剪", "缝制"),
        ("棉纱", "坯布", "印染面料", "衬衫", "工装"),
        ("染料", "蒸汽", "浆料", "缝纫线", "边角布料"),
    ),
    IndustryWords(
        ("30",),
        ("回转窑", "玻璃熔窑", "球磨机", "压机", "余热锅炉", "包装机", "提升机"),
        ("窑头密封", "托轮", "衬板", "蓄热室", "液压系统", "出料口", "下料溜子", "篦冷机"),
        ("熟料煅烧", "熔制", "粉磨", "压制成型", "包装"),
        ("水泥", "浮法玻璃", "陶瓷砖", "石膏板", "保温材料"),
        ("煤粉", "天然气", "耐火砖", "包装袋", "钢球"),
    ),
    IndustryWords(
        ("44", "45", "46"),
        ("主变压器", "开关柜", "锅炉给水泵", "调压器", "计量泵", "巡检无人机", "配电终端"),
        ("油色谱在线装置", "隔离刀闸", "机械密封", "指挥器", "电池仓", "二次回路", "冷却器", "计量表头"),
        ("倒闸操作", "设备巡检", "管网抢修", "水质化验", "锅炉运行"),
        ("供电线路", "燃气管网", "供水管网", "热网", "变电站"),
        ("絮凝剂", "燃料煤", "绝缘油", "备用电缆", "阀门"),
        making=False,
    ),
    IndustryWords(
        ("47", "48", "49", "50"),
        ("塔式起重机", "施工升降机", "混凝土泵车", "钢筋弯曲机", "盾构机", "架桥机", "搅拌站"),
        ("回转机构", "吊笼门", "泵送油缸", "刀盘", "限位器", "配重", "钢丝绳", "计量斗"),
        ("钢筋绑扎", "模板支设", "混凝土浇筑", "脚手架搭设", "桩基施工"),
        ("箱梁", "剪力墙", "预制构件", "隧道管片", "桥墩"),
        ("钢筋", "模板", "混凝土", "脚手架钢管", "防水卷材"),
    ),
    IndustryWords(
        ("53", "54", "55", "58"),
        ("集装箱正面吊", "门座起重机", "叉车", "分拣线", "冷藏车", "牵引车", "皮带输送机"),
        ("吊具", "货叉", "扫码器", "制冷机组", "轮胎", "刹车系统", "托辊", "液压管路"),
        ("装卸", "分拣", "配载", "车辆检修", "仓储盘点"),
        ("集装箱", "快递包裹", "散货", "冷链货物", "托盘货物"),
        ("柴油", "轮胎", "缠绕膜", "托盘", "润滑脂"),
        making=False,
    ),
    IndustryWords(
        ("63", "64", "65"),
        ("机房空调", "服务器集群", "UPS电源", "核心交换机", "监控平台", "基站设备"),
        ("压缩机", "风扇模块", "蓄电池组", "配电回路", "冷通道", "光模块", "告警模块", "线缆桥架"),
        ("版本发布", "故障处理", "数据备份", "网络巡检", "工单处理"),
        ("业务系统", "客户端应用", "数据平台", "通信基站", "云主机"),
        ("电力", "备品备件", "存储介质", "光纤跳线", "机柜空间"),
        making=False,
    ),
    IndustryWords(
        ("51", "52", "61", "62"),
        ("中央厨房设备", "冷柜", "收银系统", "洗碗机", "电梯", "空调机组", "蒸饭柜"),
        ("压缩机", "门封条", "喷淋臂", "排风管", "温控器", "厅门", "冷凝器", "排水口"),
        ("备餐", "收货验收", "客房清扫", "库存盘点", "配送"),
        ("团餐", "生鲜商品", "客房服务", "外卖订单", "会员服务"),
        ("食材", "燃气", "一次性用品", "洗涤剂", "包装袋"),
        making=False,
    ),
    IndustryWords(
        ("77", "78"),
        ("鼓风机", "污泥脱水机", "提升泵", "加药装置", "在线监测仪", "垃圾压缩机", "格栅机"),
        ("曝气头", "滤带", "叶轮", "计量泵", "采样管", "推板", "耙齿", "出水堰"),
        ("曝气", "污泥脱水", "加药", "泵站运行", "水质监测"),
        ("出水水质", "污泥", "垃圾转运", "管网养护", "泵站"),
        ("聚丙烯酰胺", "电力", "次氯酸钠", "滤布", "柴油"),
        making=False,
    ),
)
GENERIC_WORDS = IndustryWords(
    (),
    ("空压机", "照明系统", "叉车", "水泵", "通风设备", "货架"),
    ("电机", "开关", "管路", "轮子", "滤网", "控制面板", "线路", "阀门"),
    ("日常巡检", "物料搬运", "仓储管理", "现场清洁", "交接班"),
    ("主要产品", "服务流程", "备件库存"),
    ("电力", "包装材料", "劳保用品", "耗材"),
    making=False,
)
WORDS_BY_DIVISION = {division: words for words in INDUSTRY_WORDS for division in words.divisions}


@dataclass(frozen=True)
class Said:
    """One thing said two ways: as a written proposal puts it, and as a worker says it on the floor."""

    written: str
    plain: str


@dataclass(frozen=True)
class Measure:
    keyword: str
    written: str
    plain: str


@dataclass(frozen=True)
class Voice:
    """A register's ways of writing a theme's title, problem and change.

    Placeholders: {no}{equipment} (a machine, perhaps numbered) {part} {process} {product} {material}
    {dept} {n} {pct}, {cause} and {measure} (in this register's wording) and {measure_kw}."""

    titles: tuple[str, ...]
    problems: tuple[str, ...]
    changes: tuple[str, ...]


@dataclass(frozen=True)
class Theme:
    """One kind of improvement."""

    keyword: str
    written: Voice
    plain: Voice
    causes: tuple[Said, ...]
    measures: tuple[Measure, ...]
    benefits: tuple[str, ...]
    benefit_types: tuple[str, ...]
    kinds: tuple[str, ...]
    # Which benefit line categories its savings come from.
    categories: tuple[str, ...]
    # Only for trades that make products (IndustryWords.making).
    making: bool = False


THEMES = (
    Theme(
        "节能降耗",
        Voice(
            (
                "{no}{equipment}{measure_kw}节能改造",
                "降低{no}{equipment}能耗：{part}部位{measure_kw}",
                "关于{dept}{no}{equipment}实行{measure_kw}降低能耗的建议",
                "{process}用{no}{equipment}能耗偏高的治理",
            ),
            (
                "{dept}的{no}{equipment}承担{process}任务，{cause}，月耗电比同类设备高出约{pct}%。",
                "连续一个月分项计量后发现，{equipment}的{part}部位是主要耗能点：{cause}，能源浪费明显。",
            ),
            (
                "{measure}，并把{equipment}的用电数据接入能源看板，按班组考核。",
                "建议{measure}；改造安排在计划检修期间，不影响{process}。",
            ),
        ),
        Voice(
            ("{no}{equipment}太费电了，{part}{measure_kw}行不行", "{no}{equipment}{part}那块白白耗电的事"),
            (
                "咱{dept}那台{no}{equipment}特别费电，{cause}，{part}那儿摸着都烫手，电费一个月多出好几成。",
                "干{process}的时候老看见{equipment}{cause}，看着心疼。",
            ),
            (
                "我琢磨着{measure}，花钱不多，停机检修时顺手就能弄。",
                "{measure}，再让班组天天抄一下电表，谁浪费一目了然。",
            ),
        ),
        (
            Said("空载和待机时电机照常满速运转", "没活的时候电机也一直空转"),
            Said("管路接头和阀门存在泄漏", "管子接头和阀门到处跑冒"),
            Said("保温层老化脱落，散热损失大", "保温层都掉了，热量全跑了"),
            Said("控制方式落后，只能工频运行", "只有开和关两档，一开就是满速"),
            Said("辅助风机和照明在非生产时段长开", "下班了风机和灯还开着没人管"),
        ),
        (
            Measure("变频调速", "加装变频器，按实际负荷自动调节转速", "给它配个变频器，活少就让它转慢点"),
            Measure("空载停机", "增加空载检测，无任务超过五分钟自动停机", "弄个空转自动停，五分钟没活就停下"),
            Measure(
                "泄漏治理",
                "对{part}及相连管路逐段检漏，更换老化接头和密封件",
                "把{part}那一路管子挨个查一遍，坏接头都换掉",
            ),
            Measure("保温改造", "对{part}和相连管道重新保温，外包铝皮", "把{part}和管子重新包上保温棉，外面裹铝皮"),
            Measure("分时启停", "按生产计划分时段启停，非生产时段集中断电", "按排班定时开关，交接班和下班统一断电"),
        ),
        ("预计年节电约{n}万千瓦时，同时降低设备温升，延长电机寿命。", "改造后单耗可下降{pct}%左右，投资一年内可收回。"),
        ("economic", "environment"),
        ("innovation", "small_suggestion", "rational"),
        ("energy", "equipment"),
    ),
    Theme(
        "工装夹具",
        Voice(
            (
                "{no}{equipment}{product}{process}{measure_kw}工装",
                "{no}{equipment}加工{product}的{measure_kw}夹具",
                "改进{no}{equipment}{product}{process}装夹方式",
            ),
            (
                "{process}{product}时靠人工找正，{cause}，每件装夹约需{n}分钟，返修较多。",
                "{dept}在{equipment}上加工{product}，现用夹具{cause}，{process}节拍上不去。",
            ),
            (
                "设计制作{measure}，在{equipment}上试用后推广到同类工位。",
                "{measure}，夹具图纸和定位块尺寸纳入工装台账统一管理。",
            ),
        ),
        Voice(
            ("{no}{equipment}上{product}装夹太费劲，做个{measure_kw}工装", "{no}{equipment}上夹{product}老夹不正咋办"),
            (
                "我们干{process}的，每天夹{product}就得耗掉不少工夫，{cause}，一天下来胳膊都酸。",
                "{equipment}上那套老夹具{cause}，{product}一夹歪就得返工。",
            ),
            ("我想的办法是{measure}，自己车间就能做。", "{measure}，换活的时候换个定位块就行。"),
        ),
        (
            Said("定位基准不统一，重复定位误差大", "每回夹的位置都不一样"),
            Said("压紧靠手动螺栓，拧紧力不一致", "全靠手拧螺栓，松紧没个准"),
            Said("夹具笨重，换型时需要两人搬运", "夹具死沉，换一次得俩人抬"),
            Said("工件悬伸过长，加工中振动明显", "工件伸出来太长，一吃刀就颤"),
        ),
        (
            Measure("快换定位", "一面两销定位的快换夹具，换型只换定位块", "一面两销的快换夹具，定位块一换就能干别的活"),
            Measure("气动压紧", "改手动压紧为气动压紧，压力可调并带压力表", "把手拧改成气缸压，压力表上看得见"),
            Measure("浮动支撑", "增加可调浮动支撑，减小工件悬伸", "底下加几个能调的顶撑，把工件托住"),
            Measure("轻量化", "夹具本体改用铝合金并开减重孔", "夹具改成铝的再打些减重孔，一个人就能拿"),
        ),
        ("装夹时间缩短{pct}%，一次合格率提高，减轻操作工劳动强度。", "单件节省约{n}分钟，每班可多干一批活。"),
        ("economic", "efficiency", "quality"),
        ("creation", "invention", "innovation"),
        ("labour", "quality"),
        making=True,
    ),
    Theme(
        "工艺优化",
        Voice(
            (
                "优化{no}{equipment}{process}{product}工艺参数",
                "{process}工序{measure_kw}提升{product}质量",
                "{no}{equipment}{process}参数{measure_kw}",
            ),
            (
                "{process}参数多年沿用老标准，{cause}，{product}质量波动大，每月返工约{n}件。",
                "{dept}统计近半年数据，{product}在{process}后的不良有{pct}%与参数有关：{cause}。",
            ),
            (
                "{measure}，形成新的作业指导书并固化到{equipment}的程序里。",
                "建议{measure}，参数调整后由工艺员跟踪三个批次确认。",
            ),
        ),
        Voice(
            ("{no}{equipment}{process}的参数该改改了", "{product}{process}老出毛病，参数{measure_kw}"),
            (
                "干{process}这么多年，参数一直是老一套，{cause}，{product}时好时坏。",
                "{equipment}上的参数表好几年没动过，{cause}，返工的{product}堆了一角。",
            ),
            ("我建议{measure}，找几个老师傅一起试。", "{measure}，试好了把参数锁死，别谁都能改。"),
        ),
        (
            Said("温度、速度和时间的配合没有依据", "温度和速度都是凭感觉定的"),
            Said("原材料批次变化后参数未相应调整", "换了一批料参数还是老样子"),
            Said("各班组操作参数不一致", "三个班三个调法"),
            Said("设备老化后实际值偏离设定值", "机器老了，设多少和实际不一样"),
        ),
        (
            Measure("正交试验", "通过正交试验重新确定关键参数窗口", "做几组对比试验，把最合适的参数找出来"),
            Measure("在线监控", "关键参数加装在线监控，超出窗口自动报警", "装个表实时盯着，参数一跑偏就响"),
            Measure("分批调参", "按原材料批次建立参数对照表", "按不同批次的料做一张参数对照表"),
            Measure("仪表校准", "对温控和计时仪表定期校准并挂牌", "把温控表和计时器都校一遍，贴上合格证"),
        ),
        ("产品质量稳定，返工减少{pct}%，{material}消耗相应下降。", "每年减少返工约{n}批次，交期更有保证。"),
        ("economic", "quality"),
        ("innovation", "design", "rational"),
        ("quality", "material"),
        making=True,
    ),
    Theme(
        "降废减损",
        Voice(
            (
                "降低{no}{equipment}{process}{product}废品率",
                "{product}{process}缺陷{measure_kw}攻关",
                "减少{dept}{product}{process}报废的措施",
            ),
            (
                "{dept}生产的{product}废品率约{pct}%，缺陷集中在{process}环节，主要是{cause}。",
                "近三个月{product}累计报废{n}批次，追溯发现{cause}，问题出在{equipment}的{part}。",
            ),
            (
                "组织QC小组分析，{measure}，并对{equipment}的{part}定期点检。",
                "{measure}；首件和过程抽检结果记录在看板上。",
            ),
        ),
        Voice(
            ("{process}出来的{product}废品太多了，{measure_kw}试试", "{no}{equipment}上的{product}老出废品"),
            (
                "{product}一到{process}就出问题，{cause}，扔掉的料看着心疼。",
                "报废的{product}一个月好几车，我看主要是{cause}，{part}那儿最容易出事。",
            ),
            ("我的意见是{measure}，先在一条线上试。", "{measure}，每班开工先做首件，没问题再干。"),
        ),
        (
            Said("{part}磨损后未及时更换，造成尺寸超差", "{part}磨坏了没换，尺寸老是超"),
            Said("来料缺陷未被拦截，流入{process}", "进来的料有毛病没挑出来"),
            Said("设备调整后未做首件确认", "调完机器不做首件就开干"),
            Said("半成品周转中磕碰划伤", "周转的时候磕磕碰碰划花了"),
        ),
        (
            Measure("首件检验", "增加首件检验和过程巡检，发现异常立即停机", "每班先做首件，巡检发现不对就停"),
            Measure("来料拦截", "来料增加抽检工序，不合格批次退回", "进料先抽查，有问题的整批退回去"),
            Measure("防护周转", "周转箱加装隔板和软垫", "周转箱里加隔板和软垫，别让它们互相碰"),
            Measure("备件定寿", "规定{part}的更换周期并建立更换记录", "{part}定个更换周期，到点就换"),
        ),
        ("废品率可降低一半以上，每年减少{material}浪费约{n}吨。", "一次合格率提高到98%以上，年减少损失{n}万元。"),
        ("economic", "quality"),
        ("small_suggestion", "innovation", "rational"),
        ("quality", "material"),
        making=True,
    ),
    Theme(
        "安全防护",
        Voice(
            (
                "{no}{equipment}{part}{measure_kw}改造",
                "消除{no}{equipment}{part}部位机械伤害隐患",
                "关于{dept}{no}{equipment}加装{measure_kw}的建议",
            ),
            (
                "{equipment}的{part}部位{cause}，{dept}近年发生过{n}起险肇事件，操作人员存在伤害风险。",
                "安全检查中发现，{no}{equipment}在{process}时{cause}，不符合安全生产标准化要求。",
            ),
            (
                "{measure}，并在危险区域设置警示标识和地面隔离线。",
                "建议{measure}，改造后纳入设备点检表每班确认。",
            ),
        ),
        Voice(
            ("{no}{equipment}{part}那儿太危险了", "给{no}{equipment}{part}装个{measure_kw}吧"),
            (
                "我们天天在{equipment}边上干活，{part}那块{cause}，上回差点把手带进去。",
                "{process}时人离{part}太近，{cause}，大家心里都发毛。",
            ),
            ("能不能{measure}，出了事就晚了。", "{measure}，门一开机器就停，谁也不用提心吊胆。"),
        ),
        (
            Said("旋转和挤压部位没有防护罩", "转的地方连个罩子都没有"),
            Said("急停按钮位置远，紧急时够不着", "急停按钮离得老远够不着"),
            Said("防护门打开后设备仍能运行", "门开着机器照样转"),
            Said("检修时无挂牌上锁措施", "修机器的时候没人挂牌上锁"),
        ),
        (
            Measure("联锁防护", "增设联锁防护罩，防护门打开时设备自动断电", "加个联锁罩子，门一开就断电"),
            Measure("光栅急停", "在操作区加装安全光栅和就近急停按钮", "装个光幕，人一伸手机器就停，再加个近的急停"),
            Measure("挂牌上锁", "配置能量隔离上锁装置，执行检修挂牌上锁", "配几把安全锁，修机器先上锁挂牌"),
            Measure("双手启动", "改为双手按钮启动，防止单手误操作", "改成两只手同时按才能启动"),
        ),
        ("消除机械伤害隐患，符合安全生产标准化要求。", "杜绝同类险肇事件，员工作业更安心。"),
        ("safety",),
        ("creation", "design", "small_suggestion"),
        ("other",),
    ),
    Theme(
        "减人增效",
        Voice(
            (
                "{no}{equipment}{measure_kw}装置",
                "{no}{equipment}{process}上下料{measure_kw}改造",
                "减轻{dept}{process}搬运强度的{measure_kw}方案",
            ),
            (
                "{process}依靠人工搬运上下料，每班需{n}人，{cause}，{equipment}等待时间长。",
                "{dept}{equipment}旁的物料全靠人搬，{cause}，设备利用率不到七成。",
            ),
            (
                "{measure}，一人可看管多台{equipment}。",
                "{measure}，与{equipment}的控制系统联动，缺料时自动提示。",
            ),
        ),
        Voice(
            (
                "{no}{equipment}{process}搬料累死人，弄个{measure_kw}",
                "{no}{equipment}老等人上料，{measure_kw}能省不少事",
            ),
            (
                "干{process}一天要搬好几百趟，{cause}，年纪大的师傅腰都不行了。",
                "{equipment}干一会儿就停下来等人喂料，{cause}，白白浪费时间。",
            ),
            ("我想{measure}，车间自己就能焊出来。", "{measure}，省下来的人可以去干别的。"),
        ),
        (
            Said("单件重量大，人工搬运劳动强度高", "东西死沉，全靠人扛"),
            Said("上下料等待占设备时间的三分之一", "机器三分之一的时间在等人"),
            Said("物料摆放远离工位，往返路程长", "料放得老远，来回跑"),
            Said("转运需多次倒换工装", "一件活要倒腾好几回"),
        ),
        (
            Measure("自动上下料", "制作简易机械手和料仓，实现自动上下料", "做个简易机械手加料仓，让它自己上下料"),
            Measure("助力搬运", "加装气动平衡吊和助力臂", "装个气动平衡吊，轻轻一推就起来了"),
            Measure("辊道输送", "增设无动力辊道，物料直接滑到工位", "铺一段滚筒道，料自己滑过来"),
            Measure("料车定置", "设计专用周转料车，按工位定点停放", "做几台专用小料车，停在工位边上"),
        ),
        ("节省人工{n}人，设备利用率提高约{pct}%。", "每班减少搬运{n}吨次，劳动强度明显下降。"),
        ("economic", "efficiency"),
        ("invention", "creation"),
        ("labour", "equipment"),
    ),
    Theme(
        "回收利用",
        Voice(
            (
                "{no}{equipment}{process}{material}{measure_kw}利用",
                "{dept}{no}{equipment}废旧{material}{measure_kw}",
                "{process}产生的{material}{measure_kw}回收方案",
            ),
            (
                "{dept}每月产生废旧{material}约{n}吨，{cause}，既浪费又增加处置费用。",
                "{process}中{material}用后{cause}，年处置费用较高。",
            ),
            (
                "{measure}，再生料优先回用于{process}。",
                "建议{measure}，建立回收台账，按月统计回用量。",
            ),
        ),
        Voice(
            ("{process}用过的{material}扔了太可惜", "{no}{equipment}上换下来的{material}能不能{measure_kw}"),
            (
                "我们{dept}用过的{material}{cause}，一年得扔掉好多，怪可惜的。",
                "每次{process}完，{material}{cause}，还得花钱请人拉走。",
            ),
            ("我看可以{measure}，省下的都是钱。", "{measure}，车间角落就有地方放。"),
        ),
        (
            Said("直接作为废料处理", "直接当垃圾扔了"),
            Said("混入其他废弃物无法分拣", "和别的垃圾混一块，分不出来"),
            Said("残留较多即被更换", "还剩不少就换掉了"),
            Said("缺少暂存场地随意堆放", "没地方放就乱堆"),
        ),
        (
            Measure("过滤再生", "增设过滤回收装置，再生处理后重复使用", "加个过滤装置，滤干净了再用"),
            Measure("分类收集", "设分类收集点，按类别回收后集中再生", "弄几个分类桶，分开收了再利用"),
            Measure("余料利用", "余料按规格分拣，小件生产优先使用", "剩下的边角料挑一挑，做小件正好"),
            Measure("以旧换新", "实行以旧换新领用，空桶和旧件统一回收", "领新的先交旧的，旧的收回来再用"),
        ),
        ("每年可回收{material}约{n}吨，减少废弃物排放。", "年节约材料费和处置费合计约{n}万元。"),
        ("economic", "environment"),
        ("small_suggestion", "innovation", "rational"),
        ("material", "other"),
    ),
    Theme(
        "防错防呆",
        Voice(
            (
                "{product}{process}{measure_kw}防错改进",
                "{no}{equipment}增加{measure_kw}杜绝漏装错装",
                "{product}{process}环节{measure_kw}防呆措施",
            ),
            (
                "{process}靠目视检查，{cause}，{product}漏装错装时有发生，流入下道工序后返修困难。",
                "去年客户投诉{n}起，多与{process}有关：{cause}。",
            ),
            (
                "在{equipment}上{measure}，缺件或错件时设备不能启动。",
                "{measure}，防错装置每班开工前用标准件验证一次。",
            ),
        ),
        Voice(
            ("{no}{equipment}上{product}老装错，加个{measure_kw}", "{product}{process}光靠眼睛看不住，{measure_kw}"),
            (
                "{process}全靠眼睛盯，{cause}，一忙起来准出错。",
                "上个月又有{product}漏装被退回来，就是因为{cause}。",
            ),
            ("在{equipment}上{measure}，装错了它就不让往下走。", "{measure}，人就是想错也错不了。"),
        ),
        (
            Said("相似零件外形接近容易混用", "几种零件长得差不多，很容易拿错"),
            Said("装配顺序依赖操作者记忆", "先装哪个后装哪个全凭记性"),
            Said("检测项目多，漏检率高", "要查的地方太多，总有漏的"),
            Said("不同型号共线生产切换频繁", "一条线上好几个型号来回换"),
        ),
        (
            Measure("传感检测", "增加传感器检测关键件到位情况", "加几个传感器，东西没装到位就报警"),
            Measure("料盒防错", "设置亮灯拣料料盒，取错即报警", "弄个亮灯料盒，灯亮哪个拿哪个"),
            Measure("定位防呆", "修改定位销结构，装反无法放入", "把定位销改一改，装反了根本放不进去"),
            Measure("扫码校验", "每件扫码校验型号和装配顺序", "每件扫个码，型号不对就停"),
        ),
        ("杜绝漏装错装，客户投诉明显减少。", "返修工时每月减少约{n}小时。"),
        ("quality", "economic"),
        ("design", "creation", "innovation"),
        ("quality",),
        making=True,
    ),
    Theme(
        "快速换型",
        Voice(
            (
                "缩短{no}{equipment}{product}换型时间",
                "{no}{equipment}{part}{measure_kw}快速换模",
                "{dept}{product}换产{measure_kw}改进",
            ),
            (
                "{equipment}换产品时{cause}，每次换型约{n}小时，小批量订单交付紧张。",
                "{dept}{product}品种多批量小，{equipment}换型频繁，{cause}。",
            ),
            (
                "按快速换模方法把内部作业转为外部作业，{measure}。",
                "{measure}，换型步骤做成标准卡片贴在{equipment}旁。",
            ),
        ),
        Voice(
            ("{no}{equipment}换{product}太慢了", "{no}{equipment}换型老半天，{measure_kw}能快不少"),
            (
                "{equipment}每换一回活都要折腾半天，{cause}，活都等着。",
                "小单子越来越多，{equipment}一天换好几次型，{cause}，光换型就占了一半时间。",
            ),
            ("我的办法是{measure}，停机前就把东西备好。", "{measure}，以后一个人就能换。"),
        ),
        (
            Said("需要拆装大量紧固螺栓", "螺栓太多，拆了装装了拆"),
            Said("模具和工装停机后才开始准备", "停了机才去找模具"),
            Said("调整靠反复试切，没有基准", "全靠试，调半天才对"),
            Said("吊装和对中耗时长", "吊上去对中心要好久"),
        ),
        (
            Measure("快换接头", "改用快换接头和液压快速夹紧", "换成快插接头和液压快夹，一拧就好"),
            Measure("标准垫块", "模具高度统一，配标准化垫块免调整", "模具高度做成一样的，垫块一垫就行"),
            Measure("预先准备", "换型前在线外预热预装模具和工具", "停机前先把模具在外面装好预热好"),
            Measure("定位基准", "设置定位基准块，一次对中到位", "加个定位块，一放就对正"),
        ),
        ("换型时间缩短{pct}%，多品种小批量生产更灵活。", "每月多出约{n}小时有效生产时间。"),
        ("efficiency", "economic"),
        ("innovation", "small_suggestion"),
        ("labour", "equipment"),
        making=True,
    ),
    Theme(
        "设备预警",
        Voice(
            (
                "{no}{equipment}{part}{measure_kw}装置",
                "{no}{equipment}{part}故障预警改进",
                "变事后维修为预知维修：{no}{equipment}{part}{measure_kw}",
            ),
            (
                "{equipment}的{part}故障往往在停机后才发现，{cause}，去年非计划停机{n}次，影响{process}。",
                "{dept}{no}{equipment}运行多年，{part}{cause}，维修只能被动抢修。",
            ),
            (
                "{measure}，数据接入车间看板，超限时推送到维修人员手机。",
                "建议{measure}，并按监测数据制定{part}的检修计划。",
            ),
        ),
        Voice(
            ("{no}{equipment}{part}老是说坏就坏", "给{no}{equipment}{part}装个{measure_kw}"),
            (
                "{equipment}的{part}坏之前一点动静都没有，{cause}，一停就是半天，{process}全耽误了。",
                "上个月{no}{equipment}又趴窝了，拆开一看还是{part}，{cause}。",
            ),
            ("要是{measure}，坏之前就能知道。", "{measure}，手机上就能看，不用天天拿手去摸。"),
        ),
        (
            Said("缺少运行状态监测手段", "平时啥也看不见"),
            Said("点检靠手摸耳听，判断不准", "点检全靠摸和听"),
            Said("温升异常未能及时发现", "热起来了也没人知道"),
            Said("润滑和磨损情况无记录", "啥时候加的油、磨了多少都没记"),
        ),
        (
            Measure("振动监测", "在{part}加装振动和温度监测探头", "在{part}上贴个测振动测温度的探头"),
            Measure("声光报警", "增设超温超压声光报警", "装个报警灯，超温就闪就叫"),
            Measure("点检联网", "点检改用手持终端记录并上传", "点检用手机扫码记，数据自动存"),
            Measure("油液检测", "定期取样检测油液，按结果换油", "隔段时间抽点油化验，看着换油"),
        ),
        ("减少非计划停机和备件损耗，年减少停机约{n}小时。", "设备综合效率提高约{pct}%。"),
        ("economic", "safety", "efficiency"),
        ("invention", "creation"),
        ("equipment", "labour"),
    ),
    Theme(
        "润滑密封",
        Voice(
            (
                "改进{no}{equipment}{part}润滑方式",
                "{no}{equipment}{part}{measure_kw}治理跑冒滴漏",
                "{dept}{no}{equipment}润滑{measure_kw}",
            ),
            (
                "{equipment}的{part}{cause}，部件磨损快，{material}用量大且有跑冒滴漏。",
                "{dept}统计，{equipment}每月因{part}润滑不良停机{n}次，原因是{cause}。",
            ),
            (
                "{measure}，滴漏的油品集中回收。",
                "建议{measure}，并把润滑点和周期写进点检表。",
            ),
        ),
        Voice(
            ("{no}{equipment}{part}老漏油", "{no}{equipment}{part}加油太麻烦，{measure_kw}"),
            (
                "{equipment}底下常年一摊油，{part}{cause}，地上滑得站不住人。",
                "给{part}加油得爬上爬下，{cause}，时间一长就顾不上了。",
            ),
            ("我建议{measure}，省油又干净。", "{measure}，每个点多少油都定好。"),
        ),
        (
            Said("依靠人工定期加油，油量不稳定", "全靠人去加油，多一下少一下"),
            Said("密封件老化后渗漏", "密封圈老了一直渗"),
            Said("润滑点位置隐蔽，不便加注", "加油口藏在里头够不着"),
            Said("油品牌号混用", "几种油混着用"),
        ),
        (
            Measure("集中润滑", "改为集中自动润滑，按运行时间定量供油", "装个集中自动加油的泵，到点自己打油"),
            Measure("密封升级", "更换为耐油耐温的组合密封", "换成好一点的组合密封圈"),
            Measure("引出加注", "将润滑点用管路引出到外侧集中加注", "用油管把加油口引到外面来"),
            Measure("定点定量", "实行润滑五定管理并挂牌标识", "每个点用什么油、加多少都挂牌写清楚"),
        ),
        ("部件寿命延长，{material}用量下降约{pct}%，现场更清洁。", "每年减少润滑油消耗约{n}桶。"),
        ("economic", "environment"),
        ("small_suggestion", "innovation"),
        ("material", "equipment"),
    ),
    Theme(
        "检测改进",
        Voice(
            (
                "改进{no}{equipment}{product}{process}检测方法",
                "{product}{process}{measure_kw}改进",
                "{dept}{product}检验{measure_kw}",
            ),
            (
                "{product}的检测依赖人工量具，{cause}，每件需{n}分钟，不同检验员结果不一致。",
                "{process}后{product}的关键尺寸{cause}，漏检时有发生。",
            ),
            (
                "{measure}，检测数据自动记录，超差即时提示。",
                "建议{measure}，检具定期送计量室校准。",
            ),
        ),
        Voice(
            ("{no}{equipment}{process}后的{product}量一件太慢了", "做个{measure_kw}量{product}"),
            (
                "量{product}一件得好几分钟，{cause}，检验员都忙不过来。",
                "{product}{process}完了全靠卡尺量，{cause}，量的人不同结果也不同。",
            ),
            ("我想{measure}，一放上去就知道合不合格。", "{measure}，省得拿卡尺一个一个比划。"),
        ),
        (
            Said("测量基准难找，读数误差大", "量的时候没个准地方"),
            Said("检测项目多、只能抽检", "要量的太多，只能抽几个"),
            Said("检测记录手工填写，追溯困难", "记录都手写，回头查不到"),
            Said("内部尺寸无法直接测量", "里面的尺寸根本量不着"),
        ),
        (
            Measure("专用检具", "设计专用通止检具和数显测量工装", "做个通止规加数显表，一卡就知道"),
            Measure("数显记录", "量具改为数显带输出，数据直接进系统", "换成数显的量具，数据直接传电脑"),
            Measure("视觉检测", "增加相机视觉检测，自动判定外观缺陷", "装个摄像头让电脑来看"),
            Measure("全检工位", "设在线全检工位，替代离线抽检", "在线上设个全检的地方，每件都过"),
        ),
        ("检测效率提高{pct}%，检验结果一致，可追溯。", "每年减少检验工时约{n}百小时。"),
        ("quality", "efficiency"),
        ("design", "creation"),
        ("labour", "quality"),
        making=True,
    ),
    Theme(
        "现场管理",
        Voice(
            (
                "{dept}{no}{equipment}区域{measure_kw}的建议",
                "{no}{equipment}周边{measure_kw}改进",
                "{no}{equipment}{process}区域推行{measure_kw}",
            ),
            (
                "{dept}{cause}，找工具平均要{n}分钟，通道时有堵塞，存在绊倒和碰撞风险。",
                "{equipment}周边{cause}，{process}时经常要先清出场地。",
            ),
            (
                "{measure}，并纳入班组每周6S检查。",
                "建议{measure}，定置图张贴在区域入口。",
            ),
        ),
        Voice(
            ("{dept}{process}区域太乱了，找个东西半天", "{no}{equipment}边上该{measure_kw}了"),
            (
                "我们{dept}{cause}，要个扳手得满车间找，走路还得看脚下。",
                "{equipment}那边{cause}，干{process}前得先收拾半天。",
            ),
            ("我的想法是{measure}，一眼就能看出缺啥。", "{measure}，用完放回原处，谁都方便。"),
        ),
        (
            Said("工具和物料摆放无定置", "工具和料到处乱放"),
            Said("待修件和废料长期占用通道", "坏件和废料把道都堵了"),
            Said("区域标识缺失或褪色", "地上的线和牌子都看不清了"),
            Said("共用工具无人管理", "大家都用的工具没人管"),
        ),
        (
            Measure("定置管理", "划线定位，设置物料暂存区和标识牌", "地上画线，东西放哪儿都写清楚"),
            Measure("形迹管理", "工具实行形迹管理，缺失一目了然", "做个工具板，按形状画框，少了一眼看出来"),
            Measure("清理整顿", "开展红牌作战，清退闲置物品", "把用不着的东西贴红牌清出去"),
            Measure("可视看板", "设置区域责任人和可视化看板", "每块地方定个负责人，挂块牌子"),
        ),
        ("现场整洁有序，减少寻找时间和安全隐患。", "每人每班节省寻找时间约{n}分钟。"),
        ("efficiency", "safety"),
        ("rational", "small_suggestion"),
        ("labour",),
    ),
    Theme(
        "职业健康",
        Voice(
            (
                "{no}{equipment}{measure_kw}治理",
                "改善{dept}{no}{equipment}{process}作业环境",
                "{no}{equipment}{part}部位{measure_kw}改造",
            ),
            (
                "{equipment}周边{cause}，{process}时职工长期暴露，影响健康。",
                "职业卫生检测显示，{dept}{equipment}岗位{cause}，超标约{pct}%。",
            ),
            (
                "{measure}，改造后委托检测机构复测。",
                "建议{measure}，同时为岗位配发合格的防护用品。",
            ),
        ),
        Voice(
            ("{no}{equipment}{process}岗位太呛太吵了", "{no}{equipment}{process}岗位{measure_kw}"),
            (
                "在{equipment}边上干一天，{cause}，下班回家耳朵还嗡嗡响。",
                "{process}的时候{cause}，口罩戴一会儿就黑了。",
            ),
            ("能不能{measure}，大家干活也舒服点。", "{measure}，环境好了年轻人也愿意来。"),
        ),
        (
            Said("噪声超过85分贝", "噪音大得说话都听不见"),
            Said("粉尘浓度偏高", "灰大得很"),
            Said("高温季节岗位温度超过35度", "夏天岗位上能有四十度"),
            Said("有刺激性气味散发", "有股呛人的味儿"),
        ),
        (
            Measure("隔声降噪", "加装隔声罩和吸声板", "给它罩个隔音罩，墙上贴吸音板"),
            Measure("局部除尘", "增设局部吸风口，除尘器改为密闭卸灰", "在冒灰的地方加个吸风口，卸灰口封起来"),
            Measure("通风降温", "增设岗位送风和移动冷风机", "加个送风口和冷风机"),
            Measure("密闭收集", "对散发点密闭并接入废气收集系统", "把冒味的地方罩起来，接到废气处理上"),
        ),
        ("作业环境达到职业卫生标准，减少职业病风险。", "岗位环境明显改善，职工满意度提升。"),
        ("environment", "safety"),
        ("design", "small_suggestion", "rational"),
        ("other",),
    ),
    Theme(
        "作业标准化",
        Voice(
            (
                "{no}{equipment}{process}作业{measure_kw}的建议",
                "{dept}{no}{equipment}操作{measure_kw}",
                "编制{product}{process}{measure_kw}",
            ),
            (
                "{process}作业{cause}，新员工上手慢，{product}质量随人员波动。",
                "{dept}近一年{equipment}误操作{n}起，多因{cause}。",
            ),
            (
                "{measure}，并纳入班组培训和考核。",
                "建议{measure}，每季度由技术员修订一次。",
            ),
        ),
        Voice(
            ("{no}{equipment}{process}各干各的，得统一", "{no}{equipment}怎么操作得有个{measure_kw}"),
            (
                "我们{process}{cause}，新来的小年轻学半年还摸不着门。",
                "{equipment}的操作全靠老师傅口口相传，{cause}，出了问题谁也说不清。",
            ),
            ("我建议{measure}，照着干就不会错。", "{measure}，挂在{equipment}边上随时能看。"),
        ),
        (
            Said("各班组做法不一", "每个班一个干法"),
            Said("作业指导书内容陈旧，与现场不符", "作业指导书还是老版本，跟现在对不上"),
            Said("关键操作要点没有书面规定", "要紧的地方没写下来"),
            Said("师带徒缺少统一教材", "带徒弟没有统一的教材"),
        ),
        (
            Measure("标准作业卡", "梳理最佳作业方法，编制图文并茂的标准作业卡", "把最好的干法拍成照片做成作业卡"),
            Measure("视频教程", "录制关键操作短视频，扫码即可观看", "把关键步骤录成小视频，扫码就能看"),
            Measure("操作口诀", "提炼操作要点形成口诀并张贴", "把要点编成几句顺口溜贴出来"),
            Measure("岗位认证", "实行岗位操作认证，考核合格方可上岗", "考过了才能上岗"),
        ),
        ("作业一致，新员工培训周期缩短约{pct}%。", "误操作减少，每年减少损失约{n}万元。"),
        ("quality", "efficiency"),
        ("rational", "small_suggestion"),
        ("labour", "quality"),
    ),
)

# How workers tell their machines apart (a model or a number); many proposals name the machine without one.
MACHINE_NUMBERS = (
    "{model}型",
    "{model}型",
    "{model}",
    "",
    "",
    "",
    "",
    "1号",
    "2号",
    "3号",
    "4号",
    "5号",
    "6号",
    "8号",
    "1#",
    "2#",
    "3#",
    "5#",
    "A线",
    "B线",
)

# (ProposalKind value, weight) when a theme allows several.
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

# How a proposal first introduces the machine, whatever its theme. {model} is the machine's model (KX2150),
# which a restatement of the idea names again, in the original's words.
INTRODUCTIONS = (
    "{dept}现有{model}型{equipment}，主要用于{process}，本建议涉及其{part}。",
    "{equipment}（型号{model}）是{dept}{process}的关键设备，{part}是其薄弱环节。",
    "{dept}{process}工段使用的{model}型{equipment}已连续运行多年，{part}状况较差。",
    "{model}型{equipment}投用以来一直承担{product}的{process}任务，{part}问题较突出。",
    "本建议针对{dept}{model}型{equipment}的{part}。",
)
PLAIN_INTRODUCTIONS = (
    "{dept}那台{model}{equipment}，{part}老出毛病。",
    "{process}用的{model}{equipment}，{part}早该弄弄了。",
    "说说{model}{equipment}{part}的事。",
    "我开{model}{equipment}好几年，{part}的毛病最清楚。",
    "{model}{equipment}的{part}，{dept}的人都头疼。",
    "反映个{model}{equipment}{part}的问题。",
)

# Words of a theme's frames that people put in several ways (word, its variants): two proposals written in the
# same frame rarely read the same. Names of machines, parts and processes are never varied.
FRAME_VARIANTS = (
    ("我们", ("我们", "咱们")),
    ("大家", ("大家", "大伙", "大伙儿")),
    ("大伙", ("大伙", "大家")),
    ("一直", ("一直", "老是", "总是")),
    ("经常", ("经常", "常常", "时常")),
    ("时有发生", ("时有发生", "屡有发生", "经常发生")),
    ("长期", ("长期", "常年")),
    ("心疼", ("心疼", "可惜")),
    ("好几", ("好几", "好些")),
    ("不少", ("不少", "很多")),
    ("每月", ("每月", "每个月")),
    ("每班", ("每班", "每个班")),
    ("去年", ("去年", "上一年")),
    ("职工", ("职工", "员工", "工人")),
    ("操作人员", ("操作人员", "操作工")),
    ("检修", ("检修", "维修")),
    ("改造后", ("改造后", "改好后", "改进后")),
    ("推广", ("推广", "推行")),
    ("自己", ("自己", "自个儿")),
    ("不用", ("不用", "用不着")),
    ("师傅", ("师傅", "工友")),
    ("咋", ("咋", "怎么")),
    ("弄", ("弄", "搞")),
    ("一天", ("一天", "一整天")),
    ("建议", ("建议", "提议", "建议")),
    ("并", ("并", "同时")),
    ("发现", ("发现", "看到")),
    ("每次", ("每次", "每回")),
    ("就", ("就", "便")),
)
