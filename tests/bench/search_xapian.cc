/*
 * search_xapian: the Xapian side of the search comparison (see
 * search_fts5.c): the same files, Xapian 1.4's TermGenerator and
 * QueryParser with FLAG_CJK_NGRAM, positions kept (phrases), BM25.
 *
 * usage: search_xapian DIR INDEXDIR [N]   (N = 0: only query INDEXDIR)
 * Times are wall and CPU (the machine is shared: CPU is steadier).
 * Build: g++ -O2 -o search_xapian search_xapian.cc $(pkg-config --cflags --libs xapian-core)
 * (not built by make: Xapian is not a dependency of docket).
 */
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <dirent.h>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <ctime>
#include <vector>

static double
now()
{
	return std::chrono::duration<double>(
	    std::chrono::steady_clock::now().time_since_epoch()).count();
}

static double
cpu()
{
	struct timespec	ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned long long
du(const std::string &dir)
{
	unsigned long long	 sum = 0;
	DIR			*d = opendir(dir.c_str());
	struct dirent		*e;
	struct stat		 sb;

	while (d && (e = readdir(d)) != nullptr)
		if (stat((dir + "/" + e->d_name).c_str(), &sb) == 0 &&
		    S_ISREG(sb.st_mode))
			sum += (unsigned long long)sb.st_size;
	if (d)
		closedir(d);
	return sum;
}

int
main(int argc, char **argv)
{
	const char *qs[] = { "预算", "征收", "\"预算管理\"",
	    "\"测财〔2015〕1号\"", "\"测教〔2020〕99992号\"", "财政资金 审批" };
	std::vector<std::string> names;
	size_t max = argc > 3 ? strtoul(argv[3], nullptr, 10) : (size_t)-1;
	DIR *d;
	struct dirent *e;

	if (argc < 3 || (d = opendir(argv[1])) == nullptr)
		return 2;
	while ((e = readdir(d)) != nullptr)
		if (e->d_name[0] != '.')
			names.push_back(e->d_name);
	closedir(d);
	std::sort(names.begin(), names.end());
	if (names.size() > max)
		names.resize(max);
	double t0 = now(), c0 = cpu();
	if (max != 0) {
		std::system((std::string("rm -rf ") + argv[2]).c_str());
		Xapian::WritableDatabase db(argv[2], Xapian::DB_CREATE_OR_OVERWRITE);
		Xapian::TermGenerator tg;

		tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
		for (size_t i = 0; i < names.size(); i++) {
			std::ifstream f(std::string(argv[1]) + "/" + names[i]);
			std::stringstream ss;
			ss << f.rdbuf();
			Xapian::Document doc;
			doc.set_data(ss.str());
			tg.set_document(doc);
			tg.index_text(ss.str());
			db.replace_document((Xapian::docid)(i + 1), doc);
			if (i % 1000 == 999)
				db.commit();
		}
		db.commit();
		printf("xapian: %zu docs indexed in %.1f s (CPU %.1f s), "
		    "%.1f MB\n", names.size(), now() - t0, cpu() - c0,
		    (double)du(argv[2]) / 1e6);
	}
	Xapian::Database db(argv[2]);
	Xapian::QueryParser qp;
	qp.set_database(db);
	for (const char *qs1 : qs) {
		Xapian::Query q = qp.parse_query(qs1,
		    Xapian::QueryParser::FLAG_DEFAULT |
		    Xapian::QueryParser::FLAG_CJK_NGRAM);
		std::vector<double> t, ct;
		Xapian::doccount hits = 0;
		for (int r = 0; r < 5; r++) {
			Xapian::Enquire en(db);
			en.set_query(q);
			t0 = now();
			c0 = cpu();
			Xapian::MSet m = en.get_mset(0, 10);
			Xapian::MSetIterator it;
			for (it = m.begin(); it != m.end(); ++it)
				(void)m.snippet(it.get_document().get_data(), 120);
			t.push_back(now() - t0);
			ct.push_back(cpu() - c0);
			hits = m.get_matches_estimated();
		}
		std::sort(t.begin(), t.end());
		std::sort(ct.begin(), ct.end());
		Xapian::Enquire en(db);
		en.set_query(q);
		Xapian::MSet all = en.get_mset(0, db.get_doccount());
		printf("xapian: %-24s %7u hits (est %u)  top10 %8.2f ms "
		    "(CPU %7.2f ms)\n", qs1, all.size(), hits, t[2] * 1e3,
		    ct[2] * 1e3);
	}
	return 0;
}
