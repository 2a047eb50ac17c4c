// --help text that names the command as the user typed it ("qualcluster analyze"), where
// QCommandLineParser would print the program's path.
#pragma once

#include <QCommandLineParser>
#include <QCoreApplication>

inline QString commandHelp(const QCommandLineParser &parser, const QString &command)
{
    QString help = parser.helpText();
    help.replace(QCoreApplication::arguments().constFirst(), command);
    return help;
}
