// The options of `qualcluster analyze`, parsed and checked.
#pragma once

#include "cluster/analysisrun.h"

#include <QString>
#include <QStringList>

#include <variant>

struct AnalyzeOptions
{
    QStringList paths;
    QString profile;
    int engines = 0;
    bool enginesGiven = false; // -n was on the command line
    qc::RunMode mode = qc::RunMode::Balanced;
    bool compareSerial = false;
    QString jsonPath;
    QString csvPath;
    QString readsCsvPath;
    int minQv20 = 100; // a read with fewer bases of quality >= 20 fails
    QString pngDir;
    QString multiqcDir; // MultiQC custom content files go here
};

struct UsageError
{
    QString message; // empty when --help was asked: print help, exit 0
    QString help;
};

std::variant<AnalyzeOptions, UsageError> parseAnalyzeOptions(const QStringList &arguments);
