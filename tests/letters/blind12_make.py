"""Writes blind12_single_gbk.txt: a hospital IT operations commitment letter in GBK, simplified, one clause per
line, with 一、/(一)/1. numbering, a P1/P2/P3 paragraph and an hourly per-mille liquidated damage.

Plain text and a fixed line list, so a rerun gives the same bytes."""
from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent

LINES = [
    "信息系统运维服务水平承诺书",
    "致:安川市人民医院",
    "我公司(安川智维信息技术有限公司,以下简称“乙方”)就贵院信息系统运维服务承诺如下:",
    "一、服务可用性",
    "(一)HIS、PACS等核心系统月度可用性不低于99.9%。",
    "(二)计划内维护应提前48小时书面告知贵院信息科,并安排在每日00:00-05:00进行。",
    "二、故障分级与处理时限",
    "(一)故障按影响范围分为P1、P2、P3三级:",
    "1.P1(核心业务中断):10分钟内响应,1小时内到达现场,4小时内恢复;",
    "2.P2(部分功能异常):30分钟内响应,8小时内恢复;",
    "3.P3(单个终端或操作问题):2小时内响应,3个工作日内解决。",
    "(二)乙方提供7×24小时服务热线及远程支持。",
    "三、违约责任",
    "1.P1故障未能在4小时内恢复的,每超时1小时,乙方按合同总价的千分之二向贵院支付违约金,累计不超过合同总价的10%。",
    "2.因乙方原因造成医疗数据泄露或丢失的,乙方承担由此造成的全部经济损失赔偿责任。",
    "四、其他",
    "本承诺书自签字盖章之日起生效,有效期两年。",
    "乙方(盖章):安川智维信息技术有限公司",
    "日期:2024年9月2日",
]


def main() -> None:
    (HERE / "blind12_single_gbk.txt").write_bytes(("\r\n".join(LINES) + "\r\n").encode("gbk"))


if __name__ == "__main__":
    main()
