/* Native versions of the character scans that dominate `translator normalize`.
 *
 * Each function here has a pure-Python twin that defines its behaviour:
 *
 *   article_lines      <->  translator.clean._py_article_lines
 *   odd_windows        <->  translator.garble._py_odd_windows
 *   confirm_garbled    <->  translator.garble._py_confirm
 *   sentence_spans     <->  translator.segment._py_sentence_spans
 *   punctuation_fast   <->  translator.normalize._py_punctuation_fast
 *   punctuation_spaced <->  translator.normalize._py_punctuation_spaced
 *   vanished_chars     <->  translator.normalize._py_vanished_chars
 *
 * The Python versions run wherever this module was not built; the tests run
 * both on the same (random and real) inputs and require identical results.
 * Most character classes come from Python (as bitmaps or short strings), so
 * those sets are defined once, in the Python modules; the few written here
 * (pinyin brackets, ASCII marks, garble._trim's edges) say where they mirror.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>

/* ---- shared helpers ------------------------------------------------------ */

typedef struct {
    int kind;
    const void *data;
    Py_ssize_t len;
} Text;

static inline Py_UCS4 at(const Text *t, Py_ssize_t i) { return PyUnicode_READ(t->kind, t->data, i); }

static int text_init(Text *t, PyObject *s) {
    if (!PyUnicode_Check(s)) {
        PyErr_SetString(PyExc_TypeError, "expected str");
        return -1;
    }
    if (PyUnicode_READY(s) < 0) return -1;
    t->kind = PyUnicode_KIND(s);
    t->data = PyUnicode_DATA(s);
    t->len = PyUnicode_GET_LENGTH(s);
    return 0;
}

/* A character set as a bitmap over code points (bytes from Python, bit c%8 of byte c/8). */
typedef struct {
    const unsigned char *bits;
    Py_ssize_t nbytes;
} Bitmap;

static inline int in_bitmap(const Bitmap *b, Py_UCS4 c) {
    Py_ssize_t byte = (Py_ssize_t)(c >> 3);
    return byte < b->nbytes && ((b->bits[byte] >> (c & 7)) & 1);
}

static int bitmap_init(Bitmap *b, PyObject *o) {
    if (!PyBytes_Check(o)) {
        PyErr_SetString(PyExc_TypeError, "bitmap must be bytes");
        return -1;
    }
    b->bits = (const unsigned char *)PyBytes_AS_STRING(o);
    b->nbytes = PyBytes_GET_SIZE(o);
    return 0;
}

static inline int in_str(const Text *set, Py_UCS4 c) {
    for (Py_ssize_t i = 0; i < set->len; i++)
        if (at(set, i) == c) return 1;
    return 0;
}

static inline int is_han_bmp(Py_UCS4 c) { return c >= 0x3400 && c <= 0x9fff; }

static inline int is_ascii_letter(Py_UCS4 c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

static inline int is_ascii_alnum(Py_UCS4 c) { return is_ascii_letter(c) || (c >= '0' && c <= '9'); }

/* ---- pinyin annotations ---------------------------------------------------- */

/* Length of the annotation `[(（] SYL+ ([ '] SYL+)* [)）]` starting at i, or 0. */
static Py_ssize_t match_annotation(const Text *t, Py_ssize_t i, const Bitmap *syl) {
    Py_ssize_t j = i + 1, n = t->len;
    if (j >= n || !in_bitmap(syl, at(t, j))) return 0;
    for (;;) {
        while (j < n && in_bitmap(syl, at(t, j))) j++;
        if (j + 1 < n && (at(t, j) == ' ' || at(t, j) == '\'') && in_bitmap(syl, at(t, j + 1))) {
            j++;
            continue;
        }
        break;
    }
    if (j < n && (at(t, j) == ')' || at(t, j) == 0xff09)) return j + 1 - i;
    return 0;
}

#define CACHE_LIMIT 200000

/* The note for the annotation ending at `end` (key: it and up to four characters before it on its
 * line), from the cache or from decide(key); a new reference (None: not an annotation), NULL on error. */
static PyObject *annotation_note(PyObject *text_obj, Py_ssize_t from, Py_ssize_t end, PyObject *cache,
                                 PyObject *decide) {
    PyObject *key = PyUnicode_Substring(text_obj, from, end);
    if (!key) return NULL;
    PyObject *note = PyDict_GetItemWithError(cache, key); /* borrowed */
    if (note) {
        Py_INCREF(note);
    } else if (!PyErr_Occurred()) {
        note = PyObject_CallOneArg(decide, key);
        if (note) {
            if (PyDict_GET_SIZE(cache) >= CACHE_LIMIT) PyDict_Clear(cache);
            if (PyDict_SetItem(cache, key, note) < 0) Py_CLEAR(note);
        }
    }
    Py_DECREF(key);
    return note;
}

static inline int is_edge_space(Py_UCS4 c) { return c == ' ' || c == '\t' || c == 0x3000; }

/* Bounds of a line as the pipeline keeps it: leading \x1e markers dropped, then spaces trimmed. */
static void line_bounds(const Text *t, Py_ssize_t *s, Py_ssize_t *e) {
    while (*s < *e && at(t, *s) == 0x1e) (*s)++;
    while (*s < *e && is_edge_space(at(t, *s))) (*s)++;
    while (*e > *s && is_edge_space(at(t, *e - 1))) (*e)--;
}

static PyObject *article_lines(PyObject *self, PyObject *args) {
    PyObject *text_obj, *syl_obj, *cache, *decide, *factory, *reason;
    if (!PyArg_ParseTuple(args, "UO!O!OOO:article_lines", &text_obj, &PyBytes_Type, &syl_obj, &PyDict_Type, &cache,
                          &decide, &factory, &reason))
        return NULL;
    Text t;
    Bitmap syl;
    if (text_init(&t, text_obj) < 0 || bitmap_init(&syl, syl_obj) < 0) return NULL;

    PyObject *raws = PyList_New(0), *originals = PyList_New(0), *marked = PyList_New(0), *artefacts = PyList_New(0);
    PyObject *hits = NULL; /* the current line's Removed records */
    Py_UCS4 *out = PyMem_Malloc(sizeof(Py_UCS4) * (t.len ? t.len : 1));
    if (!raws || !originals || !marked || !artefacts || !out) {
        PyErr_NoMemory();
        goto fail;
    }
    Py_ssize_t line_start = 0, out_start = 0, o = 0;
    for (Py_ssize_t i = 0; i <= t.len;) {
        Py_UCS4 c = i < t.len ? at(&t, i) : '\n';
        if (c == '\n') {
            Py_ssize_t s = line_start, e = i;
            line_bounds(&t, &s, &e);
            if (e > s) {
                PyObject *raw = PyUnicode_Substring(text_obj, s, e);
                if (!raw || PyList_Append(raws, raw) < 0) {
                    Py_XDECREF(raw);
                    goto fail;
                }
                PyObject *original;
                if (hits) {
                    /* the same trimming on the line without its annotations */
                    Py_ssize_t os = out_start, oe = o;
                    while (os < oe && out[os] == 0x1e) os++;
                    while (os < oe && is_edge_space(out[os])) os++;
                    while (oe > os && is_edge_space(out[oe - 1])) oe--;
                    original = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out + os, oe - os);
                } else {
                    original = Py_NewRef(raw);
                }
                Py_DECREF(raw);
                if (!original || PyList_Append(originals, original) < 0) {
                    Py_XDECREF(original);
                    goto fail;
                }
                Py_DECREF(original);
                if (PyList_Append(marked, line_start < t.len && at(&t, line_start) == 0x1e ? Py_True : Py_False) < 0 ||
                    PyList_Append(artefacts, hits ? hits : Py_None) < 0)
                    goto fail;
            }
            Py_CLEAR(hits);
            line_start = i + 1;
            out_start = o;
            i++;
            continue;
        }
        if (c == '(' || c == 0xff08) {
            Py_ssize_t m = match_annotation(&t, i, &syl);
            if (m) {
                Py_ssize_t from = i - 4 > line_start ? i - 4 : line_start;
                PyObject *note = annotation_note(text_obj, from, i + m, cache, decide);
                if (!note) goto fail;
                if (note != Py_None) {
                    PyObject *annotation = PyUnicode_Substring(text_obj, i, i + m);
                    PyObject *rec = annotation ? PyObject_CallFunctionObjArgs(factory, reason, annotation, note, NULL) : NULL;
                    Py_XDECREF(annotation);
                    Py_DECREF(note);
                    if (!rec) goto fail;
                    if (!hits && !(hits = PyList_New(0))) {
                        Py_DECREF(rec);
                        goto fail;
                    }
                    int rc = PyList_Append(hits, rec);
                    Py_DECREF(rec);
                    if (rc < 0) goto fail;
                } else {
                    Py_DECREF(note);
                    for (Py_ssize_t k = i; k < i + m; k++) out[o++] = at(&t, k);
                }
                i += m;
                continue;
            }
        }
        out[o++] = c;
        i++;
    }
    PyMem_Free(out);
    return Py_BuildValue("(NNNN)", raws, originals, marked, artefacts);
fail:
    PyMem_Free(out);
    Py_XDECREF(hits);
    Py_XDECREF(raws);
    Py_XDECREF(originals);
    Py_XDECREF(marked);
    Py_XDECREF(artefacts);
    return NULL;
}

/* ---- garble: dense windows of odd characters ---------------------------------- */

static inline int is_odd(const Text *t, Py_ssize_t i, const Bitmap *common) {
    Py_UCS4 c = at(t, i);
    Py_UCS4 prev = i > 0 ? at(t, i - 1) : 0;
    Py_UCS4 next = i + 1 < t->len ? at(t, i + 1) : 0;
    if (c >= 0x20 && c <= 0x7e) {
        if (((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) && is_han_bmp(prev) && is_han_bmp(next)) return 1;
        if (c == '?' && is_han_bmp(prev) && i + 1 < t->len && (is_han_bmp(next) || next == ' ' || (next >= 'a' && next <= 'z')))
            return 1;
        return 0;
    }
    if (c == '\n') return 0;
    if (!in_bitmap(common, c)) return 1;
    /* "strong" debris that may also be in the common set */
    if ((c >= 0x3040 && c <= 0x30ff) || c == 0xfffd || (c >= 0xe000 && c <= 0xf8ff)) return 1;
    if (c == 0xff1f && is_han_bmp(prev) && i + 1 < t->len && (is_han_bmp(next) || next == ' ' || (next >= 'a' && next <= 'z')))
        return 1;
    return 0;
}

static int push_pair(PyObject *list, Py_ssize_t a, Py_ssize_t b) {
    PyObject *w = Py_BuildValue("(nn)", a, b);
    if (!w) return -1;
    int rc = PyList_Append(list, w);
    Py_DECREF(w);
    return rc;
}

static PyObject *odd_windows(PyObject *self, PyObject *args) {
    PyObject *text_obj, *common_obj;
    Py_ssize_t window, min_odd;
    if (!PyArg_ParseTuple(args, "UO!nn:odd_windows", &text_obj, &PyBytes_Type, &common_obj, &window, &min_odd))
        return NULL;
    Text t;
    Bitmap common;
    if (text_init(&t, text_obj) < 0 || bitmap_init(&common, common_obj) < 0) return NULL;
    if (min_odd < 1) {
        PyErr_SetString(PyExc_ValueError, "min_odd must be at least 1");
        return NULL;
    }
    PyObject *out = PyList_New(0);
    Py_ssize_t *ring = PyMem_Malloc(sizeof(Py_ssize_t) * min_odd); /* the last min_odd odd positions */
    if (!out || !ring) {
        Py_XDECREF(out);
        PyMem_Free(ring);
        return PyErr_NoMemory();
    }
    Py_ssize_t count = 0, cand_a = -1, cand_b = -1;
    for (Py_ssize_t i = 0; i < t.len; i++) {
        if (!is_odd(&t, i, &common)) continue;
        ring[count % min_odd] = i;
        count++;
        if (count < min_odd) continue;
        Py_ssize_t a = ring[count % min_odd], b = i; /* the oldest of the last min_odd, and this one */
        if (b - a >= window) continue;
        if (cand_a >= 0 && a <= cand_b) {
            cand_b = b + 1;
            continue;
        }
        if (cand_a >= 0 && push_pair(out, cand_a, cand_b) < 0) goto fail;
        cand_a = a;
        cand_b = b + 1;
    }
    if (cand_a >= 0 && push_pair(out, cand_a, cand_b) < 0) goto fail;
    PyMem_Free(ring);
    return out;
fail:
    PyMem_Free(ring);
    Py_DECREF(out);
    return NULL;
}

/* garble._trim: characters dropped at the start (lead=1) or end of a garbled span */
static int in_set_ucs(Py_UCS4 c, int lead) {
    static const Py_UCS4 both[] = {0xff0c, 0x3002, 0x3001, 0xff1b, 0xff1a, ' ', ',', '.', ';', ':'};
    for (size_t i = 0; i < sizeof both / sizeof both[0]; i++)
        if (both[i] == c) return 1;
    return lead && (c == 0xff1f || c == 0xff01 || c == '!');
}

/* ---- garble: confirming a dense window word by word ------------------------------ */

typedef struct {
    Py_ssize_t s, e;
    char bad, odd, debris, lone; /* lone: one character that is not \n */
} GToken;

/* Fill the flags of token t[s:e) (see garble._confirm's bad / odd / debris). */
static int classify_token(const Text *t, PyObject *text_obj, GToken *tk, PyObject *freq, const Bitmap *never_odd,
                          long rare, const Text *quiet) {
    Py_ssize_t len = tk->e - tk->s;
    int ascii = 1, alpha = 1, space = 1;
    for (Py_ssize_t k = tk->s; k < tk->e; k++) {
        Py_UCS4 c = at(t, k);
        if (c >= 128) ascii = 0;
        if (!is_ascii_letter(c)) alpha = 0;
        if (!Py_UNICODE_ISSPACE(c)) space = 0;
    }
    tk->debris = len <= 4 && ascii && !space;
    tk->odd = 0;
    tk->lone = 0;
    if (len != 1) {
        tk->bad = ascii && alpha && len <= 3;
        return 0;
    }
    Py_UCS4 c = at(t, tk->s);
    tk->lone = c != '\n';
    tk->odd = (!in_bitmap(never_odd, c) && !((c >= 0x20 && c <= 0x7e) || c == '\n')) || (c >= 0x3040 && c <= 0x30ff) ||
              c == 0xfffd || (c >= 0xe000 && c <= 0xf8ff);
    if (tk->odd) {
        tk->bad = 1;
    } else if (c >= 0x3400 && c <= 0x9fff) {
        PyObject *key = PyUnicode_Substring(text_obj, tk->s, tk->e);
        if (!key) return -1;
        PyObject *f = PyDict_GetItemWithError(freq, key);
        Py_DECREF(key);
        if (!f && PyErr_Occurred()) return -1;
        long n = f ? PyLong_AsLong(f) : 0;
        if (n == -1 && PyErr_Occurred()) return -1;
        tk->bad = n < rare;
    } else {
        tk->bad = !Py_UNICODE_ISSPACE(c) && !in_str(quiet, c);
    }
    return 0;
}

static PyObject *confirm_garbled(PyObject *self, PyObject *args) {
    PyObject *text_obj, *words, *freq, *odd_obj, *quiet_obj;
    Py_ssize_t a, b, margin;
    long rare;
    if (!PyArg_ParseTuple(args, "UnnnO!O!O!lU:confirm_garbled", &text_obj, &a, &b, &margin, &PyFrozenSet_Type, &words,
                          &PyDict_Type, &freq, &PyBytes_Type, &odd_obj, &rare, &quiet_obj))
        return NULL;
    Text t, quiet;
    Bitmap never_odd;
    if (text_init(&t, text_obj) < 0 || text_init(&quiet, quiet_obj) < 0 || bitmap_init(&never_odd, odd_obj) < 0)
        return NULL;
    Py_ssize_t lo = a - margin > 0 ? a - margin : 0, hi = b + margin < t.len ? b + margin : t.len;
    if (hi < lo) hi = lo;
    GToken *tok = PyMem_Malloc(sizeof(GToken) * (hi - lo + 1));
    if (!tok) return PyErr_NoMemory();
    Py_ssize_t ntok = 0;
    /* greedy longest-match words of 4, 3, 2 characters; other characters alone, Latin/digit runs together */
    for (Py_ssize_t i = lo; i < hi;) {
        Py_ssize_t j = 0;
        for (Py_ssize_t n = 4; n >= 2 && !j; n--) {
            if (i + n > hi) continue;
            PyObject *sub = PyUnicode_Substring(text_obj, i, i + n);
            if (!sub) goto fail;
            int found = PySet_Contains(words, sub);
            Py_DECREF(sub);
            if (found < 0) goto fail;
            if (found) j = i + n;
        }
        if (!j) {
            j = i + 1;
            if (is_ascii_alnum(at(&t, i)))
                while (j < hi && is_ascii_alnum(at(&t, j))) j++;
        }
        tok[ntok].s = i;
        tok[ntok].e = j;
        if (classify_token(&t, text_obj, &tok[ntok], freq, &never_odd, rare, &quiet) < 0) goto fail;
        ntok++;
        i = j;
    }
    tok[ntok] = (GToken){hi, hi, 0, 0, 0, 0}; /* the end: neither bad nor debris */
    ntok++;
    Py_ssize_t best_s = -1, best_e = -1, run_start = -1, run_bad = 0, run_odd = 0, last_end = lo;
    for (Py_ssize_t i = 0; i < ntok; i++) {
        GToken *k = &tok[i];
        if (k->bad || (run_start >= 0 && k->debris)) {
            if (run_start < 0) {
                run_start = k->s;
                run_bad = run_odd = 0;
            }
            run_bad++;
            run_odd += k->odd;
            last_end = k->e;
            continue;
        }
        /* one ordinary character inside a garbled run does not end it */
        if (run_start >= 0 && k->lone && i + 1 < ntok && tok[i + 1].bad) continue;
        if (run_start >= 0 && run_bad >= 5 && run_odd >= 3)
            if (best_s < 0 || last_end - run_start > best_e - best_s) {
                best_s = run_start;
                best_e = last_end;
            }
        run_start = -1;
    }
    PyMem_Free(tok);
    if (best_s < 0) Py_RETURN_NONE;
    /* trim punctuation and spaces at the edges */
    while (best_s < best_e && in_set_ucs(at(&t, best_s), 1)) best_s++;
    while (best_e > best_s && in_set_ucs(at(&t, best_e - 1), 0)) best_e--;
    return Py_BuildValue("(nn)", best_s, best_e);
fail:
    PyMem_Free(tok);
    return NULL;
}

/* ---- sentences ---------------------------------------------------------------- */

typedef struct {
    Py_ssize_t start, end;
    int joins_next;
} Span;

typedef struct {
    Span *items;
    Py_ssize_t n, cap;
} Spans;

static int spans_push(Spans *s, Py_ssize_t start, Py_ssize_t end, int joins) {
    if (s->n == s->cap) {
        Py_ssize_t cap = s->cap ? s->cap * 2 : 16;
        Span *items = PyMem_Realloc(s->items, sizeof(Span) * cap);
        if (!items) {
            PyErr_NoMemory();
            return -1;
        }
        s->items = items;
        s->cap = cap;
    }
    s->items[s->n++] = (Span){start, end, joins};
    return 0;
}

typedef struct {
    Text terminators, openers, closers;
    unsigned char bloom[32]; /* bit (c & 0xff) set for every mark (and . ! ? …): most text skips the lookups */
} Marks;

static void marks_bloom(Marks *mk) {
    memset(mk->bloom, 0, sizeof mk->bloom);
    const Text *sets[3] = {&mk->terminators, &mk->openers, &mk->closers};
    for (int k = 0; k < 3; k++)
        for (Py_ssize_t i = 0; i < sets[k]->len; i++) {
            Py_UCS4 c = at(sets[k], i) & 0xff;
            mk->bloom[c >> 3] |= (unsigned char)(1u << (c & 7));
        }
    const Py_UCS4 extra[4] = {'.', '!', '?', 0x2026};
    for (int k = 0; k < 4; k++) {
        Py_UCS4 c = extra[k] & 0xff;
        mk->bloom[c >> 3] |= (unsigned char)(1u << (c & 7));
    }
}

static inline int maybe_mark(const Marks *mk, Py_UCS4 c) {
    c &= 0xff;
    return (mk->bloom[c >> 3] >> (c & 7)) & 1;
}

static inline Py_ssize_t index_in(const Text *set, Py_UCS4 c) {
    for (Py_ssize_t i = 0; i < set->len; i++)
        if (at(set, i) == c) return i;
    return -1;
}

/* +1 at each opener and -1 at each closer of a balanced pair within t[lo:hi); 0 elsewhere.
 * delta is indexed from lo.  A closer matches the nearest open pair of its type; pairs opened
 * inside it and never closed are dropped with it. */
static int pair_deltas(const Text *t, Py_ssize_t lo, Py_ssize_t hi, const Marks *mk, signed char *delta) {
    Py_ssize_t n = hi - lo, depth = 0;
    memset(delta, 0, (size_t)(n ? n : 1));
    Py_ssize_t *stack_pos = PyMem_Malloc(sizeof(Py_ssize_t) * (n ? n : 1));
    Py_ssize_t *stack_kind = PyMem_Malloc(sizeof(Py_ssize_t) * (n ? n : 1));
    if (!stack_pos || !stack_kind) {
        PyMem_Free(stack_pos);
        PyMem_Free(stack_kind);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = lo; i < hi; i++) {
        Py_UCS4 c = at(t, i);
        if (!maybe_mark(mk, c)) continue;
        Py_ssize_t k = index_in(&mk->openers, c);
        if (k >= 0) {
            stack_pos[depth] = i - lo;
            stack_kind[depth] = k;
            depth++;
            continue;
        }
        k = index_in(&mk->closers, c);
        if (k < 0) continue;
        for (Py_ssize_t s = depth - 1; s >= 0; s--) {
            if (stack_kind[s] == k) {
                delta[stack_pos[s]] = 1;
                delta[i - lo] = -1;
                depth = s;
                break;
            }
        }
    }
    PyMem_Free(stack_pos);
    PyMem_Free(stack_kind);
    return 0;
}


typedef struct {
    Py_ssize_t start, end;
    int kind; /* 0 terminator run, 1 opener, 2 closer */
} Token;

/* The tokens of segment._TOKEN, in order. */
static Py_ssize_t tokenize(const Text *t, const Marks *mk, Token *tok) {
    Py_ssize_t n = 0, i = 0;
    while (i < t->len) {
        Py_UCS4 c = at(t, i);
        Py_ssize_t j = i;
        if (!maybe_mark(mk, c)) {
            i++;
            continue;
        }
        if (index_in(&mk->terminators, c) >= 0 || c == '!' || c == '?') {
            while (j < t->len && (index_in(&mk->terminators, at(t, j)) >= 0 || at(t, j) == '!' || at(t, j) == '?')) j++;
            tok[n++] = (Token){i, j, 0};
        } else if (c == 0x2026) {
            while (j < t->len && at(t, j) == 0x2026) j++;
            tok[n++] = (Token){i, j, 0};
        } else if (c == '.') {
            while (j < t->len && at(t, j) == '.') j++;
            if (j - i >= 3) {
                tok[n++] = (Token){i, j, 0};
            } else if (i > 0 && is_ascii_letter(at(t, i - 1)) && i + 1 < t->len && Py_UNICODE_ISSPACE(at(t, i + 1))) {
                j = i + 1;
                tok[n++] = (Token){i, j, 0};
            } else {
                j = i + 1;
            }
        } else if (index_in(&mk->openers, c) >= 0) {
            j = i + 1;
            tok[n++] = (Token){i, j, 1};
        } else if (index_in(&mk->closers, c) >= 0) {
            j = i + 1;
            tok[n++] = (Token){i, j, 2};
        } else {
            j = i + 1;
        }
        i = j;
    }
    return n;
}

static void trim(const Text *t, Py_ssize_t *s, Py_ssize_t *e) {
    while (*s < *e && Py_UNICODE_ISSPACE(at(t, *s))) (*s)++;
    while (*e > *s && Py_UNICODE_ISSPACE(at(t, *e - 1))) (*e)--;
}

static int split_long(const Text *t, Span span, Py_ssize_t max_len, const Marks *mk, Spans *out) {
    Py_ssize_t length = span.end - span.start;
    if (length <= max_len) return spans_push(out, span.start, span.end, span.joins_next);
    Py_ssize_t lo = span.start, hi = span.end, n = length;
    signed char *delta = PyMem_Malloc((size_t)n);
    Py_ssize_t *points = PyMem_Malloc(sizeof(Py_ssize_t) * n);
    Spans pieces = {0};
    int rc = -1;
    if (!delta || !points) {
        PyErr_NoMemory();
        goto done;
    }
    if (pair_deltas(t, lo, hi, mk, delta) < 0) goto done;
    Py_ssize_t npoints = 0;
    for (int pass = 0; pass < 2 && npoints == 0; pass++) {
        Py_UCS4 a = pass == 0 ? 0xff1b : 0xff0c, b = pass == 0 ? ';' : ',';
        Py_ssize_t depth = 0;
        for (Py_ssize_t k = 0; k < n; k++) {
            Py_UCS4 c = at(t, lo + k);
            if ((c == a || c == b) && k + 1 < n && depth == 0) points[npoints++] = k + 1;
            depth += delta[k];
        }
    }
    if (npoints == 0) {
        rc = spans_push(out, span.start, span.end, span.joins_next);
        goto done;
    }
    Py_ssize_t npieces = (length + max_len - 1) / max_len;
    double target = (double)length / (double)npieces;
    Py_ssize_t last = 0, start = 0;
    Py_ssize_t *cuts = PyMem_Malloc(sizeof(Py_ssize_t) * (npieces + 1));
    if (!cuts) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t ncuts = 0;
    for (Py_ssize_t k = 1; k < npieces; k++) {
        double want = target * (double)k;
        Py_ssize_t best = -1;
        double best_d = 0;
        for (Py_ssize_t p = 0; p < npoints; p++) {
            if (points[p] <= last) continue;
            double d = fabs((double)points[p] - want);
            if (best < 0 || d < best_d) {
                best = points[p];
                best_d = d;
            }
        }
        if (best < 0) break;
        cuts[ncuts++] = best;
        last = best;
    }
    cuts[ncuts++] = n;
    for (Py_ssize_t k = 0; k < ncuts; k++) {
        Py_ssize_t s = lo + start, e = lo + cuts[k];
        trim(t, &s, &e);
        if (e > s && spans_push(&pieces, s, e, 1) < 0) {
            PyMem_Free(cuts);
            goto done;
        }
        start = cuts[k];
    }
    PyMem_Free(cuts);
    if (pieces.n == 0) { /* cannot happen for a trimmed span; keep it whole rather than index out of range */
        rc = spans_push(out, span.start, span.end, span.joins_next);
        goto done;
    }
    pieces.items[pieces.n - 1].joins_next = span.joins_next;
    for (Py_ssize_t k = 0; k < pieces.n; k++) {
        Span p = pieces.items[k];
        if (p.end - p.start > max_len && pieces.n > 1) {
            if (split_long(t, (Span){p.start, p.end, 0}, max_len, mk, out) < 0) goto done;
            out->items[out->n - 1].joins_next = p.joins_next;
        } else if (spans_push(out, p.start, p.end, p.joins_next) < 0) {
            goto done;
        }
    }
    rc = 0;
done:
    PyMem_Free(delta);
    PyMem_Free(points);
    PyMem_Free(pieces.items);
    return rc;
}

static PyObject *sentence_spans(PyObject *self, PyObject *args) {
    PyObject *text_obj, *term_obj, *open_obj, *close_obj;
    Py_ssize_t max_len;
    if (!PyArg_ParseTuple(args, "UnUUU:sentence_spans", &text_obj, &max_len, &term_obj, &open_obj, &close_obj))
        return NULL;
    Text t;
    Marks mk;
    if (text_init(&t, text_obj) < 0 || text_init(&mk.terminators, term_obj) < 0 || text_init(&mk.openers, open_obj) < 0 ||
        text_init(&mk.closers, close_obj) < 0)
        return NULL;
    marks_bloom(&mk);
    if (mk.openers.len != mk.closers.len) {
        PyErr_SetString(PyExc_ValueError, "openers and closers must pair up");
        return NULL;
    }
    if (max_len < 1) {
        PyErr_SetString(PyExc_ValueError, "max_len must be at least 1");
        return NULL;
    }
    Py_ssize_t n = t.len;
    Token *tok = PyMem_Malloc(sizeof(Token) * (n ? n : 1));
    signed char *delta = PyMem_Malloc((size_t)(n ? n : 1));
    Py_ssize_t *depth_before = PyMem_Malloc(sizeof(Py_ssize_t) * (n ? n : 1));
    Py_ssize_t *cuts = PyMem_Malloc(sizeof(Py_ssize_t) * (n + 1));
    Spans out = {0};
    PyObject *result = NULL;
    if (!tok || !delta || !depth_before || !cuts) {
        PyErr_NoMemory();
        goto done;
    }
    if (pair_deltas(&t, 0, n, &mk, delta) < 0) goto done;
    Py_ssize_t ntok = tokenize(&t, &mk, tok);
    Py_ssize_t depth = 0;
    for (Py_ssize_t k = 0; k < ntok; k++) {
        depth_before[k] = depth;
        depth += delta[tok[k].start];
    }
    Py_ssize_t ncuts = 0;
    for (Py_ssize_t k = 0; k < ntok; k++) {
        if (tok[k].kind != 0) continue;
        Py_ssize_t pos = tok[k].start, end = tok[k].end;
        Py_UCS4 first = at(&t, pos);
        if (first == '!' || first == '?' || first == '.') {
            /* ASCII ! ? . end a sentence only after a Latin word and before a space or the end */
            Py_UCS4 before = pos ? at(&t, pos - 1) : 0;
            int ok = pos > 0 && is_ascii_alnum(before) && (end >= n || Py_UNICODE_ISSPACE(at(&t, end)));
            if (!ok) continue;
        }
        Py_ssize_t d = depth_before[k];
        Py_ssize_t j = k + 1;
        while (j < ntok && tok[j].start == end && tok[j].kind == 2) {
            int matched = j + 1 < ntok ? depth_before[j + 1] < depth_before[j] : 1;
            if (d > 0 && depth_before[j] == d && matched) d--;
            end = tok[j].end;
            j++;
        }
        if (d == 0) cuts[ncuts++] = end;
    }
    cuts[ncuts++] = n;
    Py_ssize_t start = 0, prev_cut = -1;
    for (Py_ssize_t k = 0; k < ncuts; k++) {
        Py_ssize_t c = cuts[k];
        if (c == prev_cut) continue; /* cuts are increasing; skip repeats */
        prev_cut = c;
        Py_ssize_t s = start, e = c;
        trim(&t, &s, &e);
        if (e > s && split_long(&t, (Span){s, e, 0}, max_len, &mk, &out) < 0) goto done;
        start = c;
    }
    result = PyList_New(out.n);
    if (!result) goto done;
    for (Py_ssize_t k = 0; k < out.n; k++) {
        PyObject *item = Py_BuildValue("(nnO)", out.items[k].start, out.items[k].end,
                                       out.items[k].joins_next ? Py_True : Py_False);
        if (!item) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, k, item);
    }
done:
    PyMem_Free(tok);
    PyMem_Free(delta);
    PyMem_Free(depth_before);
    PyMem_Free(cuts);
    PyMem_Free(out.items);
    return result;
}

/* ---- punctuation: the one-for-one fast path ----------------------------------- */

/* ASCII , : ; ! ? used as Chinese punctuation -> full width, in the order and with the rules of
 * normalize._FAST (each pass sees the output of the one before), plus the indices of the lines
 * that have a space or tab next to one of the marks (those take the general path). */
static PyObject *punctuation_fast(PyObject *self, PyObject *args) {
    PyObject *text_obj, *side_obj;
    if (!PyArg_ParseTuple(args, "UO!:punctuation_fast", &text_obj, &PyBytes_Type, &side_obj)) return NULL;
    Text t;
    Bitmap side;
    if (text_init(&t, text_obj) < 0 || bitmap_init(&side, side_obj) < 0) return NULL;
    static const Py_UCS4 marks[5] = {',', ':', ';', '!', '?'};
    static const Py_UCS4 full[5] = {0xff0c, 0xff1a, 0xff1b, 0xff01, 0xff1f};
    Py_ssize_t n = t.len, npos = 0;
    PyObject *spaced = PyList_New(0);
    Py_ssize_t *pos = PyMem_Malloc(sizeof(Py_ssize_t) * (n ? n : 1)); /* where the marks are */
    Py_UCS4 *buf = NULL;
    if (!spaced || !pos) {
        PyErr_NoMemory();
        goto fail;
    }
    Py_ssize_t line = 0, last_spaced = -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = at(&t, i);
        if (c > '?') continue;
        if (c == '\n') {
            line++;
            continue;
        }
        if (c != ',' && c != ':' && c != ';' && c != '!' && c != '?') continue;
        pos[npos++] = i;
        int sp = (i > 0 && (at(&t, i - 1) == ' ' || at(&t, i - 1) == '\t')) ||
                 (i + 1 < n && (at(&t, i + 1) == ' ' || at(&t, i + 1) == '\t'));
        if (sp && line != last_spaced) {
            PyObject *k = PyLong_FromSsize_t(line);
            if (!k || PyList_Append(spaced, k) < 0) {
                Py_XDECREF(k);
                goto fail;
            }
            Py_DECREF(k);
            last_spaced = line;
        }
    }
    if (npos == 0) {
        PyMem_Free(pos);
        return Py_BuildValue("(ON)", text_obj, spaced);
    }
    buf = PyMem_Malloc(sizeof(Py_UCS4) * n);
    if (!buf) {
        PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t i = 0; i < n; i++) buf[i] = at(&t, i);
    int changed = 0;
    for (int p = 0; p < 5; p++) { /* one pass per mark, as the regexes run one after another */
        Py_UCS4 ch = marks[p];
        Py_ssize_t last_hit = -2;
        for (Py_ssize_t k = 0; k < npos; k++) {
            Py_ssize_t i = pos[k];
            if (buf[i] != ch) continue;
            /* what the regex sees: this pass's input, where a replaced neighbour was still ch */
            int has_prev = i > 0, has_next = i + 1 < n;
            Py_UCS4 prev = has_prev ? (last_hit == i - 1 ? ch : buf[i - 1]) : 0;
            Py_UCS4 next = has_next ? buf[i + 1] : 0;
            int prev_side = has_prev && in_bitmap(&side, prev);
            int next_side = has_next && in_bitmap(&side, next);
            int hit;
            if (p < 3) {
                hit = (prev_side && !(has_next && (next == '/' || next == '\\'))) ||
                      (!(has_prev && (is_ascii_alnum(prev) || prev == '.' || prev == '/')) && next_side) ||
                      (p != 1 && has_prev && (is_ascii_alnum(prev) || prev == '%' || prev == ')') && next_side);
            } else {
                hit = prev_side && (next_side || !has_next || next == '\n');
            }
            if (hit) {
                buf[i] = full[p];
                changed = 1;
                last_hit = i;
            }
        }
    }
    PyMem_Free(pos);
    pos = NULL;
    PyObject *out = changed ? PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, n) : Py_NewRef(text_obj);
    PyMem_Free(buf);
    if (!out) {
        Py_DECREF(spaced);
        return NULL;
    }
    return Py_BuildValue("(NN)", out, spaced);
fail:
    PyMem_Free(pos);
    PyMem_Free(buf);
    Py_XDECREF(spaced);
    return NULL;
}

/* ---- punctuation: the general path (spaces around marks) ------------------------ */

static inline int is_sp(Py_UCS4 c) { return c == ' ' || c == '\t'; }

static inline Py_UCS4 fullwidth(Py_UCS4 c) {
    switch (c) {
        case ',': return 0xff0c;
        case ':': return 0xff1a;
        case ';': return 0xff1b;
        case '!': return 0xff01;
        default: return 0xff1f; /* ? */
    }
}

/* The end of a match of normalize._PUNCT at p (its mark in *mark), or -1. */
static Py_ssize_t punct_match(const Text *t, Py_ssize_t p, const Bitmap *side, Py_UCS4 *mark) {
    Py_ssize_t n = t->len;
    int prev_side = p > 0 && in_bitmap(side, at(t, p - 1));
    Py_UCS4 c = at(t, p);
    /* 1: after Chinese text, spaces, , : ; spaces, not before / or \ */
    if (prev_side) {
        Py_ssize_t q = p;
        while (q < n && is_sp(at(t, q))) q++;
        if (q < n && (at(t, q) == ',' || at(t, q) == ':' || at(t, q) == ';')) {
            Py_ssize_t r = q + 1;
            while (r < n && is_sp(at(t, r))) r++;
            if (r < n && (at(t, r) == '/' || at(t, r) == '\\')) r = r > q + 1 ? r - 1 : -1;
            if (r >= 0) {
                *mark = at(t, q);
                return r;
            }
        }
    }
    /* 2: , : ; not after a Latin word or number, spaces, then Chinese text */
    if ((c == ',' || c == ':' || c == ';') && !(p > 0 && (is_ascii_alnum(at(t, p - 1)) || at(t, p - 1) == '.' || at(t, p - 1) == '/'))) {
        Py_ssize_t r = p + 1;
        while (r < n && is_sp(at(t, r))) r++;
        if (r < n && in_bitmap(side, at(t, r))) {
            *mark = c;
            return r;
        }
    }
    /* 3: , ; right after a Latin word, number, % or ), right before Chinese text */
    if ((c == ',' || c == ';') && p > 0 && p + 1 < n && in_bitmap(side, at(t, p + 1))) {
        Py_UCS4 b = at(t, p - 1);
        if (is_ascii_alnum(b) || b == '%' || b == ')') {
            *mark = c;
            return p + 1;
        }
    }
    /* 4: after Chinese text, spaces, ! ?, spaces, then Chinese text or the end */
    if (prev_side) {
        Py_ssize_t q = p;
        while (q < n && is_sp(at(t, q))) q++;
        if (q < n && (at(t, q) == '!' || at(t, q) == '?')) {
            Py_ssize_t r = q + 1;
            while (r < n && is_sp(at(t, r))) r++;
            int at_end = r == n || (r == n - 1 && at(t, r) == '\n');
            if (at_end || (r < n && in_bitmap(side, at(t, r)))) {
                *mark = at(t, q);
                return r;
            }
        }
    }
    return -1;
}

static PyObject *punctuation_spaced(PyObject *self, PyObject *args) {
    PyObject *text_obj, *side_obj;
    if (!PyArg_ParseTuple(args, "UO!:punctuation_spaced", &text_obj, &PyBytes_Type, &side_obj)) return NULL;
    Text t;
    Bitmap side;
    if (text_init(&t, text_obj) < 0 || bitmap_init(&side, side_obj) < 0) return NULL;
    Py_ssize_t n = t.len, o = 0;
    Py_UCS4 *out = PyMem_Malloc(sizeof(Py_UCS4) * (n + 1));
    Py_ssize_t *offsets = PyMem_Malloc(sizeof(Py_ssize_t) * (n + 1));
    if (!out || !offsets) {
        PyMem_Free(out);
        PyMem_Free(offsets);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t p = 0; p < n;) {
        Py_UCS4 c = at(&t, p), mark = 0;
        Py_ssize_t e = -1;
        if (is_sp(c) || c == ',' || c == ':' || c == ';' || c == '!' || c == '?') /* where a match can start */
            e = punct_match(&t, p, &side, &mark);
        if (e > p) {
            offsets[o] = p;
            out[o++] = fullwidth(mark);
            p = e;
        } else {
            offsets[o] = p;
            out[o++] = c;
            p++;
        }
    }
    offsets[o] = n;
    PyObject *text = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, o), *offs = NULL;
    if (text && o != n) {
        offs = PyList_New(o + 1);
        for (Py_ssize_t k = 0; offs && k <= o; k++) {
            PyObject *v = PyLong_FromSsize_t(offsets[k]);
            if (!v) {
                Py_CLEAR(offs);
                break;
            }
            PyList_SET_ITEM(offs, k, v);
        }
    } else if (text) {
        offs = Py_NewRef(Py_None);
    }
    PyMem_Free(out);
    PyMem_Free(offsets);
    if (!text || !offs) {
        Py_XDECREF(text);
        Py_XDECREF(offs);
        return NULL;
    }
    return Py_BuildValue("(NN)", text, offs);
}

/* ---- script: how many distinct characters a conversion changed --------------------- */

static int cmp_ucs4(const void *x, const void *y) {
    Py_UCS4 a = *(const Py_UCS4 *)x, b = *(const Py_UCS4 *)y;
    return a < b ? -1 : a > b;
}

/* The characters above U+FFFF in t, sorted and unique, into buf; returns how many. */
static Py_ssize_t astral_set(const Text *t, Py_UCS4 *buf) {
    Py_ssize_t n = 0;
    for (Py_ssize_t i = 0; i < t->len; i++)
        if (at(t, i) > 0xffff) buf[n++] = at(t, i);
    qsort(buf, (size_t)n, sizeof(Py_UCS4), cmp_ucs4);
    Py_ssize_t u = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        if (u == 0 || buf[u - 1] != buf[i]) buf[u++] = buf[i];
    return u;
}

static PyObject *vanished_chars(PyObject *self, PyObject *args) {
    PyObject *a_obj, *b_obj;
    if (!PyArg_ParseTuple(args, "UU:vanished_chars", &a_obj, &b_obj)) return NULL;
    Text a, b;
    if (text_init(&a, a_obj) < 0 || text_init(&b, b_obj) < 0) return NULL;
    /* the Basic Multilingual Plane in two bitmaps; the rare astral characters in sorted arrays */
    unsigned char in_b[0x10000 / 8], seen[0x10000 / 8];
    memset(in_b, 0, sizeof in_b);
    memset(seen, 0, sizeof seen);
    Py_ssize_t distinct = 0, gone = 0;
    for (Py_ssize_t i = 0; i < b.len; i++) {
        Py_UCS4 c = at(&b, i);
        if (c <= 0xffff) in_b[c >> 3] |= (unsigned char)(1u << (c & 7));
    }
    for (Py_ssize_t i = 0; i < a.len; i++) {
        Py_UCS4 c = at(&a, i);
        if (c > 0xffff) continue;
        unsigned char bit = (unsigned char)(1u << (c & 7));
        if (seen[c >> 3] & bit) continue;
        seen[c >> 3] |= bit;
        distinct++;
        if (!(in_b[c >> 3] & bit)) gone++;
    }
    if (a.kind == PyUnicode_4BYTE_KIND) {
        Py_UCS4 *xa = PyMem_Malloc(sizeof(Py_UCS4) * (a.len + 1)), *xb = PyMem_Malloc(sizeof(Py_UCS4) * (b.len + 1));
        if (!xa || !xb) {
            PyMem_Free(xa);
            PyMem_Free(xb);
            return PyErr_NoMemory();
        }
        Py_ssize_t na = astral_set(&a, xa), nb = astral_set(&b, xb);
        for (Py_ssize_t i = 0, j = 0; i < na; i++) {
            while (j < nb && xb[j] < xa[i]) j++;
            distinct++;
            if (j >= nb || xb[j] != xa[i]) gone++;
        }
        PyMem_Free(xa);
        PyMem_Free(xb);
    }
    return Py_BuildValue("(nn)", distinct, gone);
}

/* ---- module ------------------------------------------------------------------- */

static PyMethodDef methods[] = {
    {"article_lines", article_lines, METH_VARARGS,
     "article_lines(text, syllable_bitmap, cache, decide, factory, reason) -> (raws, originals, marked, artefacts)"},
    {"odd_windows", odd_windows, METH_VARARGS, "odd_windows(text, common_bitmap, window, min_odd) -> [(start, end)]"},
    {"confirm_garbled", confirm_garbled, METH_VARARGS,
     "confirm_garbled(text, a, b, margin, words, freq, never_odd_bitmap, rare, quiet) -> (start, end) or None"},
    {"sentence_spans", sentence_spans, METH_VARARGS,
     "sentence_spans(text, max_len, terminators, openers, closers) -> [(start, end, joins_next)]"},
    {"punctuation_fast", punctuation_fast, METH_VARARGS,
     "punctuation_fast(text, cjk_side_bitmap) -> (text, [index of each line with a spaced mark])"},
    {"punctuation_spaced", punctuation_spaced, METH_VARARGS,
     "punctuation_spaced(text, cjk_side_bitmap) -> (text, offsets or None)"},
    {"vanished_chars", vanished_chars, METH_VARARGS,
     "vanished_chars(a, b) -> (distinct characters of a, how many of them are not in b)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "translator._speedups",
                                    "Native twins of the hottest normalize scans.", -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__speedups(void) { return PyModule_Create(&module); }
