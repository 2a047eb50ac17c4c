// Measures what the README promises: parse speed, engine start, task round trip and engine memory.
// A benchmark, not a test: it prints figures and never fails on them.
#include "analysis/sample.h"
#include "cluster/analysisrun.h"
#include "cluster/enginehandle.h"
#include "cluster/localcluster.h"
#include "formats/qualityfile.h"
#include "formats/qualreader.h"
#include "qc/readqc.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace qc;

namespace {

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

template<typename Sender, typename Signal> bool waitFor(Sender *sender, Signal signal, int timeoutMs = 30000)
{
    QEventLoop loop;
    QObject::connect(sender, signal, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, [&loop] { loop.exit(1); });
    return loop.exec() == 0;
}

// Single-core parse throughput over every .qual file under `root`, files already in memory.
void benchParse(const QString &root)
{
    std::vector<QByteArray> texts;
    qint64 bytes = 0;
    QDirIterator it(root, {QStringLiteral("*.qual")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly)) {
            texts.push_back(file.readAll());
            bytes += texts.back().size();
        }
    }
    ParsedReads reads;
    std::vector<double> rates;
    for (int round = 0; round < 5; ++round) {
        QElapsedTimer clock;
        clock.start();
        for (const QByteArray &text : texts) {
            reads.clear();
            parseQual(text, reads);
        }
        rates.push_back(double(bytes) / 1e6 / (double(clock.nsecsElapsed()) / 1e9));
    }
    std::printf("parse_mb_per_s\t%.0f\t(%zu files, %.1f MB, median of 5, one core)\n", median(rates), texts.size(),
                double(bytes) / 1e6);
}

// Single-core per-read QC (length, QV20+, CRL, Mott clear range, means) over every read of the
// files under `root`, reads already parsed: the part of a task that is neither I/O nor parsing.
void benchReadQc(const QString &root)
{
    std::vector<ParsedReads> files;
    QByteArray buffer;
    QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        ParsedReads reads;
        if (isReadFileName(QFileInfo(path).fileName()) && !readQualityFile(path, reads, buffer))
            files.push_back(std::move(reads));
    }
    std::size_t readCount = 0;
    for (const ParsedReads &reads : files)
        readCount += reads.reads.size();
    if (readCount == 0)
        return;
    std::vector<ReadQc> results(readCount); // kept, as a task keeps them; allocated outside the clock
    std::vector<double> us;
    for (int round = 0; round < 5; ++round) {
        auto result = results.begin();
        QElapsedTimer clock;
        clock.start();
        for (const ParsedReads &reads : files)
            for (const ReadRecord &read : reads.reads)
                *result++ = computeReadQc(reads.qualitiesOf(read));
        us.push_back(double(clock.nsecsElapsed()) / 1e3 / double(readCount));
    }
    std::printf("read_qc_us_per_read\t%.2f\t(%zu reads, median of 5, one core)\n", median(us), readCount);
}

void benchStart(const QString &engine, int engines)
{
    std::vector<double> ms;
    for (int round = 0; round < 7; ++round) {
        LocalCluster cluster(nullptr, engine);
        QElapsedTimer clock;
        clock.start();
        cluster.start(engines);
        waitFor(&cluster, &LocalCluster::ready);
        ms.push_back(double(clock.nsecsElapsed()) / 1e6);
        if (cluster.connectedCount() != engines)
            std::printf("only %d of %d engines connected\n", cluster.connectedCount(), engines);
    }
    std::printf("start_%d_engines_ms\t%.1f\t(median of 7, started and connected)\n", engines, median(ms));
}

void benchRoundTrip(const QString &engine)
{
    LocalCluster cluster(nullptr, engine);
    cluster.start(1);
    waitFor(&cluster, &LocalCluster::ready);
    EngineHandle *handle = cluster.engine(cluster.engines().first().id);
    constexpr int rounds = 2000;
    int done = 0;
    QEventLoop loop;
    QObject::connect(handle, &EngineHandle::resultReady, &loop, [&] {
        if (++done == rounds)
            loop.quit();
        else
            handle->sendTask(AnalysisTask{quint64(done + 1), QStringLiteral("empty"), {}});
    });
    QElapsedTimer clock;
    clock.start();
    handle->sendTask(AnalysisTask{1, QStringLiteral("empty"), {}});
    loop.exec();
    std::printf("round_trip_ms\t%.3f\t(mean of %d empty tasks, one after another)\n",
                double(clock.nsecsElapsed()) / 1e6 / rounds, rounds);
}

qint64 peakRssKb(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return -1;
}

void benchEngineMemory(const QString &engine, const QString &root, const char *label)
{
    QStringList problems;
    const auto samples = discoverSamples({root}, &problems);
    LocalCluster cluster(nullptr, engine);
    cluster.start(2);
    waitFor(&cluster, &LocalCluster::ready);
    AnalysisRun run(RunMode::Balanced, samples, planTasks(samples, 2), &cluster, 2);
    QTimer::singleShot(0, &run, &AnalysisRun::start);
    waitFor(&run, &AnalysisRun::finished, 120000);
    qint64 peak = 0;
    for (const EngineInfo &info : cluster.engines())
        peak = std::max(peak, peakRssKb(info.pid));
    std::printf("engine_peak_rss_mb_%s\t%.1f\t(largest of 2 engines after the run)\n", label, double(peak) / 1024);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 4) {
        std::fprintf(stderr, "usage: qualcluster-bench ENGINE SMALL_DATA LARGE_DATA\n");
        return 2;
    }
    const QString &engine = args[1];
    benchParse(args[3]);
    benchReadQc(args[3]);
    benchStart(engine, 4);
    benchRoundTrip(engine);
    benchEngineMemory(engine, args[2], "small");
    benchEngineMemory(engine, args[3], "large");
    return 0;
}
