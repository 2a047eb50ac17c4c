// Samples are folders of reads; tX_Y names carry treatment X and replicate Y.
#pragma once

#include "task.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace qc {

struct Sample
{
    QString name;
    QString path;
    int treatment = -1; // -1 when the name is not tX_Y
    int replicate = -1;
    QStringList files; // files of reads (see isReadFileName), sorted
    int skippedFiles = 0; // other files in the folder
    QList<FileError> scanErrors; // files of reads found but impossible to read, such as undecodable names
};

// Parses "t3_2" into treatment 3, replicate 2; false for any other name.
bool parseSampleName(const QString &name, int *treatment, int *replicate);

// Each path is a folder of reads, or a folder whose subfolders hold reads. Paths that are
// neither are reported in `problems` as whole sentences.
QList<Sample> discoverSamples(const QStringList &paths, QStringList *problems);

// Splits samples into tasks so that `workers` workers stay busy: big folders become chunks.
QList<AnalysisTask> planTasks(const QList<Sample> &samples, int workers);

} // namespace qc
