/* The C test program: replays the golden conformance scenarios (conformance/README.md) through the C API,
 * then checks the boundary itself: null pointers, invalid UTF-8, bad JSON, freed handles, the SQL session.
 * Build and run: bindings/c/run-tests.sh (it passes every conformance scenario file as an argument). */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "orbit.h"

static int failures = 0;
static int passed = 0;

#define CHECK(cond, ...)                                                                                      \
    do {                                                                                                      \
        if (cond) {                                                                                           \
            passed++;                                                                                         \
        } else {                                                                                              \
            failures++;                                                                                       \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                              \
            fprintf(stderr, __VA_ARGS__);                                                                     \
            fprintf(stderr, "\n");                                                                            \
        }                                                                                                     \
    } while (0)

/* "2026-02-10T12:35:20Z" → UTC epoch milliseconds. */
static int64_t parse_instant(const char *s) {
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (sscanf(s, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6) {
        return 0;
    }
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (int64_t)timegm(&tm) * 1000;
}

/* Resolves "$name.path" strings against the saved results; returns a new item. */
static cJSON *substitute(const cJSON *v, const cJSON *saved) {
    if (cJSON_IsString(v) && v->valuestring[0] == '$') {
        char path[512];
        snprintf(path, sizeof path, "%s", v->valuestring + 1);
        const cJSON *cur = saved;
        for (char *part = strtok(path, "."); part && cur; part = strtok(NULL, ".")) {
            char *end = NULL;
            long idx = strtol(part, &end, 10);
            cur = (cJSON_IsArray(cur) && end && *end == '\0') ? cJSON_GetArrayItem(cur, (int)idx)
                                                             : cJSON_GetObjectItemCaseSensitive(cur, part);
        }
        return cur ? cJSON_Duplicate(cur, 1) : cJSON_CreateNull();
    }
    if (cJSON_IsArray(v) || cJSON_IsObject(v)) {
        cJSON *out = cJSON_IsArray(v) ? cJSON_CreateArray() : cJSON_CreateObject();
        const cJSON *child;
        cJSON_ArrayForEach(child, v) {
            cJSON *s = substitute(child, saved);
            if (cJSON_IsArray(v)) {
                cJSON_AddItemToArray(out, s);
            } else {
                cJSON_AddItemToObject(out, child->string, s);
            }
        }
        return out;
    }
    return cJSON_Duplicate(v, 1);
}

/* `expected` matches `actual` (conformance/README.md). */
static int matches(const cJSON *expected, const cJSON *actual) {
    if (cJSON_IsObject(expected)) {
        if (!cJSON_IsObject(actual)) return 0;
        const cJSON *e;
        cJSON_ArrayForEach(e, expected) {
            const cJSON *a = cJSON_GetObjectItemCaseSensitive(actual, e->string);
            if (!a || !matches(e, a)) return 0;
        }
        return 1;
    }
    if (cJSON_IsArray(expected)) {
        if (!cJSON_IsArray(actual) || cJSON_GetArraySize(expected) != cJSON_GetArraySize(actual)) return 0;
        for (int i = 0; i < cJSON_GetArraySize(expected); i++) {
            if (!matches(cJSON_GetArrayItem(expected, i), cJSON_GetArrayItem(actual, i))) return 0;
        }
        return 1;
    }
    if (cJSON_IsNumber(expected)) return cJSON_IsNumber(actual) && expected->valuedouble == actual->valuedouble;
    if (cJSON_IsString(expected)) return cJSON_IsString(actual) && strcmp(expected->valuestring, actual->valuestring) == 0;
    if (cJSON_IsBool(expected)) return cJSON_IsBool(actual) && cJSON_IsTrue(expected) == cJSON_IsTrue(actual);
    return cJSON_IsNull(expected) && cJSON_IsNull(actual);
}

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf) buf[n] = '\0';
    fclose(f);
    return buf;
}

static void run_scenario(const char *path) {
    char *text = read_file(path);
    CHECK(text != NULL, "cannot read %s", path);
    if (!text) return;
    cJSON *scenario = cJSON_Parse(text);
    free(text);
    uint64_t store = 0;
    int32_t st = orbit_open_with_clock(":memory:", parse_instant(cJSON_GetObjectItem(scenario, "clock")->valuestring), &store);
    CHECK(st == ORBIT_OK, "%s: open: %s", path, orbit_last_error());
    cJSON *saved = cJSON_CreateObject();
    int i = 0;
    const cJSON *step;
    cJSON_ArrayForEach(step, cJSON_GetObjectItem(scenario, "steps")) {
        const cJSON *clock = cJSON_GetObjectItem(step, "clock");
        if (clock) orbit_set_clock(store, parse_instant(clock->valuestring));
        cJSON *actor = substitute(cJSON_GetObjectItem(step, "as"), saved);
        const cJSON *args_in = cJSON_GetObjectItem(step, "args");
        cJSON *args = args_in ? substitute(args_in, saved) : cJSON_CreateNull();
        char *args_text = cJSON_PrintUnformatted(args);
        const char *op = cJSON_GetObjectItem(step, "op")->valuestring;
        uint64_t scope = 0;
        int32_t status = strcmp(actor->valuestring, "system") == 0      ? orbit_scope_system(store, &scope)
                         : strcmp(actor->valuestring, "anonymous") == 0 ? orbit_scope_anonymous(store, &scope)
                                                                        : orbit_scope_user(store, actor->valuestring, NULL, &scope);
        char *out = NULL;
        if (status == ORBIT_OK) {
            status = orbit_call(scope, op, args_text, &out);
            orbit_scope_free(scope);
        }
        const cJSON *expect = cJSON_GetObjectItem(step, "expect");
        const cJSON *code = expect ? cJSON_GetObjectItem(expect, "error") : NULL;
        cJSON *result = out ? cJSON_Parse(out) : NULL;
        if (code) {
            CHECK(status == (int32_t)code->valueint, "%s step %d (%s): expected error %d, got %d (%s)", path, i, op,
                  code->valueint, status, orbit_last_error());
        } else {
            CHECK(status == ORBIT_OK, "%s step %d (%s): failed with %d: %s", path, i, op, status, orbit_last_error());
            const cJSON *want = expect ? cJSON_GetObjectItem(expect, "result") : NULL;
            if (want && result) {
                CHECK(matches(want, result), "%s step %d (%s): result %s does not match", path, i, op, out);
            }
        }
        const cJSON *save = cJSON_GetObjectItem(step, "save");
        if (save && result) {
            const cJSON *index_by = cJSON_GetObjectItem(step, "index_by");
            cJSON *value = result;
            result = NULL;
            if (index_by) {
                cJSON *map = cJSON_CreateObject();
                const cJSON *item;
                cJSON_ArrayForEach(item, value) {
                    cJSON_AddItemToObject(map, cJSON_GetObjectItem(item, index_by->valuestring)->valuestring,
                                          cJSON_Duplicate(item, 1));
                }
                cJSON_Delete(value);
                value = map;
            }
            cJSON_AddItemToObject(saved, save->valuestring, value);
        }
        cJSON_Delete(result);
        orbit_string_free(out);
        cJSON_free(args_text);
        cJSON_Delete(args);
        cJSON_Delete(actor);
        i++;
    }
    cJSON_Delete(saved);
    cJSON_Delete(scenario);
    CHECK(orbit_store_free(store) == ORBIT_OK, "%s: close", path);
}

/* The boundary: conversions, errors and lifetimes. */
static void boundary_checks(void) {
    uint64_t store = 0, scope = 0, session = 0;
    char *out = NULL;
    CHECK(orbit_open(NULL, &store) == ORBIT_INVALID_INPUT, "null path");
    CHECK(strstr(orbit_last_error(), "path") != NULL, "message names the parameter: %s", orbit_last_error());
    CHECK(orbit_open(":memory:", NULL) == ORBIT_INVALID_INPUT, "null out");
    CHECK(orbit_open(":memory:", &store) == ORBIT_OK, "open");
    CHECK(orbit_scope_system(store, &scope) == ORBIT_OK, "system scope");
    CHECK(orbit_call(scope, "facilities", NULL, &out) == ORBIT_OK && strcmp(out, "[]") == 0, "empty list: %s", out);
    orbit_string_free(out);
    out = NULL;
    CHECK(orbit_call(scope, "facilities", "{not json", &out) == ORBIT_INVALID_INPUT, "bad json");
    CHECK(orbit_call(scope, "\xff\xfe", NULL, &out) == ORBIT_INVALID_INPUT, "invalid UTF-8");
    CHECK(orbit_call(scope, "facilities", NULL, NULL) == ORBIT_INVALID_INPUT, "null out_json");
    CHECK(orbit_call(scope, "no_such_op", NULL, &out) == ORBIT_INVALID_INPUT, "unknown op");
    CHECK(orbit_last_error_code() == ORBIT_INVALID_INPUT, "last error code");
    CHECK(strcmp(orbit_status_name(ORBIT_CASE_IS_DRAFT), "CaseIsDraft") == 0, "status names");
    CHECK(orbit_sql_open(scope, &session) == ORBIT_OK, "sql open: %s", orbit_last_error());
    CHECK(orbit_sql_query(session, "SELECT count(*) AS n FROM case_statuses", NULL, &out) == ORBIT_OK, "sql query");
    CHECK(out && strstr(out, "[[6]]") != NULL, "sql result: %s", out);
    orbit_string_free(out);
    out = NULL;
    CHECK(orbit_sql_query(session, "DELETE FROM cases", NULL, &out) == ORBIT_PERMISSION_DENIED, "sql write refused");
    CHECK(orbit_sql_free(session) == ORBIT_OK, "sql free");
    CHECK(orbit_sql_free(session) == ORBIT_INVALID_STATE, "sql double free");
    CHECK(orbit_scope_free(scope) == ORBIT_OK, "scope free");
    CHECK(orbit_call(scope, "facilities", NULL, &out) == ORBIT_INVALID_STATE, "use after free");
    CHECK(orbit_scope_free(scope) == ORBIT_INVALID_STATE, "scope double free");
    CHECK(orbit_set_clock(store, 0) == ORBIT_INVALID_STATE, "clock of a system-clock store");
    CHECK(orbit_store_free(store) == ORBIT_OK, "store free");
    CHECK(orbit_store_free(store) == ORBIT_INVALID_STATE, "store double free");
    CHECK(orbit_scope_system(store, &scope) == ORBIT_INVALID_STATE, "closed store");
    orbit_string_free(NULL);
    CHECK(strlen(orbit_version()) > 0, "version");
}

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) run_scenario(argv[i]);
    CHECK(argc > 1, "no scenario files given");
    boundary_checks();
    printf("%d passed, %d failed\n", passed, failures);
    return failures == 0 ? 0 : 1;
}
