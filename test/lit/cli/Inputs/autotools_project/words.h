/* Counts the distinct words of a text. */
#ifndef WORDS_H
#define WORDS_H
int CountDistinctWords(const char *text);
#endif
