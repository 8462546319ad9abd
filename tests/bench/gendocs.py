#!/usr/bin/env python3
"""Write N distinct 公文 of about SIZE bytes each (UTF-8) into DIR.

usage: gendocs.py DIR N [SIZE] [--tiny]
Each document has a 发文字号, a title, a body of varied sentences, a
signature date and a disclosure marking, so docketd reads every field.
--tiny writes short documents (a few hundred bytes) for the 1 M run.
"""
import os, random, sys

WORDS = ("预算 征收 补偿 安置 管理 办法 实施 意见 通知 工作 方案 财政 资金 项目 "
         "审批 监督 检查 教育 卫生 健康 交通 运输 住房 城乡 建设 环境 保护 农业 "
         "农村 水利 应急 安全 生产 市场 监管 民政 社会 保障 就业 人力 资源 文化 "
         "旅游 体育 科技 创新 统计 审计 税务 自然 规划 公共 服务 数据 信息 公开").split()
AGENCIES = ["测试市财政局", "测试市教育局", "测试市卫生健康委员会", "测试市交通运输局",
            "测试市住房和城乡建设局", "测试市人民政府办公室"]
CODES = ["测财", "测教", "测卫", "测交", "测建", "测政办"]
MARKS = ["（此件公开发布）", "（此件依申请公开）", "（此件不予公开）"]

def main():
    d, n = sys.argv[1], int(sys.argv[2])
    size = int(sys.argv[3]) if len(sys.argv) > 3 and not sys.argv[3].startswith("-") else 10240
    tiny = "--tiny" in sys.argv
    seed = int(os.environ.get("GENDOCS_SEED", "1"))
    start = int(os.environ.get("GENDOCS_START", "0"))
    rnd = random.Random(seed * 1000003 + start)
    os.makedirs(d, exist_ok=True)
    for k in range(start, start + n):
        a = k % len(AGENCIES)
        year = 2015 + k % 11
        topic = "".join(rnd.choice(WORDS) for _ in range(3))
        head = (f"{AGENCIES[a]}文件\n\n{CODES[a]}〔{year}〕{k + 1}号\n\n"
                f"{AGENCIES[a]}\n关于印发{topic}第{k + 1}号工作方案的通知\n\n各区县有关单位：\n\n")
        tail = (f"\n\n{AGENCIES[a]}\n{year}年{1 + k % 12}月{1 + k % 28}日\n"
                f"{MARKS[k % 3]}\n")
        body = []
        if tiny:
            body.append(f"现将第{k + 1}号{topic}有关事项通知如下。请认真贯彻执行。")
        else:
            blen = len(head.encode()) + len(tail.encode())
            p = 1
            while blen < size - 200:
                s = ("".join(rnd.choice(WORDS) for _ in range(rnd.randint(8, 20))) + "，"
                     + "".join(rnd.choice(WORDS) for _ in range(rnd.randint(6, 14))) + "。")
                if rnd.random() < 0.15:
                    s = f"\n{p}．" + s
                    p += 1
                body.append(s)
                blen += len(s.encode())
        with open(os.path.join(d, f"doc{k + 1:07d}.txt"), "w", encoding="utf-8") as f:
            f.write(head + "".join(body) + tail)

main()
