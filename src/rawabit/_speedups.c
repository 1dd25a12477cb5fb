/*
 * rawabit._speedups: compiled versions of a few hot loops of extraction.
 *
 * Each function here has a pure-Python twin that defines it (named in its
 * docstring); tests check that the two give the same result, bit for bit.
 * The package works without this module (rawabit.native falls back to the
 * twins), only slower.
 *
 * Floating-point sums are done in the same order as the NumPy code they
 * replace, one IEEE double addition at a time (no -ffast-math, no FMA: there
 * is no multiplication), so scores and tags are identical.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

/* ---------------------------------------------------------------- tokens */

/* Arabic combining marks, tatweel and the zero-width (non-)joiners: word
   characters for the tokenizer although Unicode does not call them alphanumeric
   (rawabit.text.segment._WORD). */
static inline int
is_mark(Py_UCS4 c)
{
    return (c >= 0x0610 && c <= 0x061A) || (c >= 0x064B && c <= 0x065F) || c == 0x0670
        || (c >= 0x06D6 && c <= 0x06ED) || c == 0x0640 || c == 0x200C || c == 0x200D;
}

/* re's [^\W_] for str patterns: alphanumeric (sre's \w is ISALNUM or '_'), not '_' */
static inline int
is_word_char(Py_UCS4 c)
{
    return (c != '_' && Py_UNICODE_ISALNUM(c)) || is_mark(c);
}

PyDoc_STRVAR(tokenize_doc,
"tokenize(text, cache, analyse, token_type) -> list\n\n"
"Tokens of text as rawabit.text.segment._tokenize_python makes them: runs of word\n"
"characters and single symbols, each analysed by cache[surface] or analyse(surface)\n"
"into (norm, stem, clitic, is_word) and kept when norm is not empty, as\n"
"token_type(start, end, norm, stem, clitic, is_word).");

static PyObject *
tokenize(PyObject *self, PyObject *args)
{
    PyObject *text, *cache, *analyse;
    PyTypeObject *token_type;
    if (!PyArg_ParseTuple(args, "UO!OO!:tokenize", &text, &PyDict_Type, &cache, &analyse,
                          &PyType_Type, &token_type))
        return NULL;
    if (!PyType_IsSubtype(token_type, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "token_type must be a tuple subclass");
        return NULL;
    }
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    Py_ssize_t i = 0;
    while (i < n) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        Py_ssize_t j = i + 1;
        if (is_word_char(c)) {
            while (j < n && is_word_char(PyUnicode_READ(kind, data, j)))
                j++;
        }
        else if (Py_UNICODE_ISSPACE(c) || c == '_' || Py_UNICODE_ISALNUM(c)) {
            i = j;  /* neither a word nor a symbol ([^\s\w]): a gap */
            continue;
        }
        PyObject *surface = PyUnicode_Substring(text, i, j);
        if (surface == NULL)
            goto fail;
        PyObject *a = PyDict_GetItemWithError(cache, surface);
        if (a != NULL)
            Py_INCREF(a);
        else if (PyErr_Occurred()) {
            Py_DECREF(surface);
            goto fail;
        }
        else
            a = PyObject_CallOneArg(analyse, surface);
        Py_DECREF(surface);
        if (a == NULL)
            goto fail;
        if (!PyTuple_Check(a) || PyTuple_GET_SIZE(a) != 4) {
            Py_DECREF(a);
            PyErr_SetString(PyExc_TypeError, "a word's analysis must be a tuple of 4");
            goto fail;
        }
        int keep = PyObject_IsTrue(PyTuple_GET_ITEM(a, 0));
        if (keep < 0) {
            Py_DECREF(a);
            goto fail;
        }
        if (keep) {
            PyObject *tok = token_type->tp_alloc(token_type, 6);
            PyObject *start = PyLong_FromSsize_t(i), *end = PyLong_FromSsize_t(j);
            if (tok == NULL || start == NULL || end == NULL) {
                Py_XDECREF(tok);
                Py_XDECREF(start);
                Py_XDECREF(end);
                Py_DECREF(a);
                goto fail;
            }
            PyTuple_SET_ITEM(tok, 0, start);
            PyTuple_SET_ITEM(tok, 1, end);
            for (int k = 0; k < 4; k++)
                PyTuple_SET_ITEM(tok, 2 + k, Py_NewRef(PyTuple_GET_ITEM(a, k)));
            int err = PyList_Append(out, tok);
            Py_DECREF(tok);
            if (err < 0) {
                Py_DECREF(a);
                goto fail;
            }
        }
        Py_DECREF(a);
        i = j;
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

PyDoc_STRVAR(token_index_doc,
"token_index(tokens) -> (starts, ends)\n\n"
"{token.start: i} and {token.end: i} over a sequence of tokens (tuples whose first two\n"
"items are start and end), later tokens winning: rawabit.extraction.mentions._token_index_python.");

static PyObject *
token_index(PyObject *self, PyObject *tokens)
{
    PyObject *seq = PySequence_Fast(tokens, "token_index: tokens must be a sequence");
    if (seq == NULL)
        return NULL;
    PyObject *starts = PyDict_New(), *ends = PyDict_New(), *result = NULL;
    if (starts == NULL || ends == NULL)
        goto done;
    const Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *t = items[i];
        if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) < 2) {
            PyErr_Format(PyExc_TypeError, "token_index: token %zd is not a (start, end, ...) tuple", i);
            goto done;
        }
        PyObject *k = PyLong_FromSsize_t(i);
        if (k == NULL)
            goto done;
        int err = PyDict_SetItem(starts, PyTuple_GET_ITEM(t, 0), k) < 0
            || PyDict_SetItem(ends, PyTuple_GET_ITEM(t, 1), k) < 0;
        Py_DECREF(k);
        if (err)
            goto done;
    }
    result = PyTuple_Pack(2, starts, ends);
done:
    Py_DECREF(seq);
    Py_XDECREF(starts);
    Py_XDECREF(ends);
    return result;
}

/* The trigger at token i of the tuple tokens (i in range): a new reference to (trigger, length) or None. */
static PyObject *
trigger_one(PyObject *cache, PyObject *miss, PyObject *tokens, Py_ssize_t i)
{
    const Py_ssize_t n = PyTuple_GET_SIZE(tokens);
    PyObject *t = PyTuple_GET_ITEM(tokens, i);
    if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) < 6) {
        PyErr_SetString(PyExc_TypeError, "triggers: tokens must be Token tuples");
        return NULL;
    }
    int is_word = PyObject_IsTrue(PyTuple_GET_ITEM(t, 5));
    if (is_word <= 0)
        return is_word < 0 ? NULL : Py_NewRef(Py_None);
    PyObject *cached = PyDict_GetItemWithError(cache, PyTuple_GET_ITEM(t, 2));
    if (cached != NULL)
        Py_INCREF(cached);
    else if (PyErr_Occurred())
        return NULL;
    else if ((cached = PyObject_CallOneArg(miss, t)) == NULL)
        return NULL;
    PyObject *result = NULL;
    if (!PyTuple_Check(cached) || PyTuple_GET_SIZE(cached) != 2 || !PyList_Check(PyTuple_GET_ITEM(cached, 0))) {
        PyErr_SetString(PyExc_TypeError, "triggers: a cache entry must be (list, trigger or None)");
        goto done;
    }
    PyObject *multi = PyTuple_GET_ITEM(cached, 0), *single = PyTuple_GET_ITEM(cached, 1);
    for (Py_ssize_t e = 0; e < PyList_GET_SIZE(multi); e++) {
        PyObject *entry = PyList_GET_ITEM(multi, e);
        if (!PyTuple_Check(entry) || PyTuple_GET_SIZE(entry) != 2 || !PyTuple_Check(PyTuple_GET_ITEM(entry, 0))) {
            PyErr_SetString(PyExc_TypeError, "triggers: a multi-word entry must be (tuple of words, trigger)");
            goto done;
        }
        PyObject *words = PyTuple_GET_ITEM(entry, 0);
        const Py_ssize_t nw = PyTuple_GET_SIZE(words);
        int ok = 1;
        for (Py_ssize_t w = 1; w < nw; w++) {
            const Py_ssize_t j = i + w;
            if (j >= n) {
                ok = 0;
                break;
            }
            PyObject *tj = PyTuple_GET_ITEM(tokens, j);
            if (!PyTuple_Check(tj) || PyTuple_GET_SIZE(tj) < 3) {
                PyErr_SetString(PyExc_TypeError, "triggers: tokens must be Token tuples");
                goto done;
            }
            int eq = PyObject_RichCompareBool(PyTuple_GET_ITEM(tj, 2), PyTuple_GET_ITEM(words, w), Py_EQ);
            if (eq < 0)
                goto done;
            if (!eq) {
                ok = 0;
                break;
            }
        }
        if (ok) {
            result = Py_BuildValue("(On)", PyTuple_GET_ITEM(entry, 1), nw);
            goto done;
        }
    }
    result = single == Py_None ? Py_NewRef(Py_None) : Py_BuildValue("(On)", single, (Py_ssize_t)1);
done:
    Py_DECREF(cached);
    return result;
}

PyDoc_STRVAR(triggers_doc,
"triggers(cache, miss, tokens, first, last) -> list\n\n"
"[Lexicon.match(tokens, i) for i in range(first, last)]: the triggers of a sentence. cache maps\n"
"a word's norm to (multi, single), filled by miss(token) for a norm not in it; multi lists\n"
"(words, trigger) of multi-word entries, tried in order against the following tokens' norms.");

static PyObject *
triggers(PyObject *self, PyObject *args)
{
    PyObject *cache, *miss, *tokens;
    Py_ssize_t first, last;
    if (!PyArg_ParseTuple(args, "O!OO!nn:triggers", &PyDict_Type, &cache, &miss, &PyTuple_Type, &tokens,
                          &first, &last))
        return NULL;
    if (first < 0 || last > PyTuple_GET_SIZE(tokens) || first > last) {
        PyErr_SetString(PyExc_IndexError, "triggers: token range out of range");
        return NULL;
    }
    PyObject *out = PyList_New(last - first);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t i = first; i < last; i++) {
        PyObject *hit = trigger_one(cache, miss, tokens, i);
        if (hit == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, i - first, hit);
    }
    return out;
}

/* --------------------------------------------------------- normalisation */

#define BMP 0x10000

PyDoc_STRVAR(fold_doc,
"fold(text, table) -> str\n\n"
"rawabit.text.normalise._fold_python: text with each character c below U+10000 replaced by\n"
"table[ord(c)] (table: a str of 65,536 characters, table[i] == chr(i) where nothing changes).");

static PyObject *
fold(PyObject *self, PyObject *args)
{
    PyObject *text, *table;
    if (!PyArg_ParseTuple(args, "UU:fold", &text, &table))
        return NULL;
    if (PyUnicode_GET_LENGTH(table) != BMP) {
        PyErr_SetString(PyExc_ValueError, "fold: the table must have 65536 characters");
        return NULL;
    }
    const int kind = PyUnicode_KIND(text), tkind = PyUnicode_KIND(table);
    const void *data = PyUnicode_DATA(text), *tdata = PyUnicode_DATA(table);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_UCS4 maxchar = 0;
    int changed = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i), d = c < BMP ? PyUnicode_READ(tkind, tdata, c) : c;
        changed |= d != c;
        if (d > maxchar)
            maxchar = d;
    }
    if (!changed)
        return Py_NewRef(text);
    PyObject *out = PyUnicode_New(n, maxchar);
    if (out == NULL)
        return NULL;
    const int okind = PyUnicode_KIND(out);
    void *odata = PyUnicode_DATA(out);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        PyUnicode_WRITE(okind, odata, i, c < BMP ? PyUnicode_READ(tkind, tdata, c) : c);
    }
    return out;
}

PyDoc_STRVAR(collapse_doc,
"collapse(text, deletable) -> (norm, offsets)\n\n"
"rawabit.text.normalise._collapse_python: text less its runs of deletable characters\n"
"(deletable: 65,536 bytes, non-zero for a deletable character below U+10000), each run of\n"
"two or more spaces cut to its first, and the index in text of each character kept.");

static PyObject *
collapse(PyObject *self, PyObject *args)
{
    PyObject *text;
    Py_buffer del;
    if (!PyArg_ParseTuple(args, "Uy*:collapse", &text, &del))
        return NULL;
    PyObject *norm = NULL, *offsets = NULL, *result = NULL;
    Py_UCS4 *buf = NULL;
    Py_ssize_t *pos = NULL;
    if (del.len != BMP) {
        PyErr_SetString(PyExc_ValueError, "collapse: deletable must have 65536 bytes");
        goto done;
    }
    const unsigned char *gone = del.buf;
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    buf = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(n + 1));
    pos = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(n + 1));
    if (buf == NULL || pos == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t m = 0, i = 0;
    while (i < n) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < BMP && gone[c]) {  /* the pattern's first alternative: a run of deletable characters */
            i++;
            continue;
        }
        buf[m] = c;
        pos[m++] = i++;
        if (c == ' ' && i < n && PyUnicode_READ(kind, data, i) == ' ') {  /* "( ) +": keep the first */
            while (i < n && PyUnicode_READ(kind, data, i) == ' ')
                i++;
        }
    }
    norm = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, m);
    offsets = PyList_New(m);
    if (norm == NULL || offsets == NULL)
        goto done;
    for (Py_ssize_t k = 0; k < m; k++) {
        PyObject *o = PyLong_FromSsize_t(pos[k]);
        if (o == NULL)
            goto done;
        PyList_SET_ITEM(offsets, k, o);
    }
    result = PyTuple_Pack(2, norm, offsets);
done:
    PyBuffer_Release(&del);
    PyMem_Free(buf);
    PyMem_Free(pos);
    Py_XDECREF(norm);
    Py_XDECREF(offsets);
    return result;
}

PyDoc_STRVAR(words_doc,
"words(text) -> list\n\n"
"re.findall(r\"\\w+\", text): the runs of letters, digits and '_' (rawabit.analysis.dedup._words_python).");

static PyObject *
words(PyObject *self, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "words: text must be a str");
        return NULL;
    }
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
#define WORD(k) (PyUnicode_READ(kind, data, (k)) == '_' || Py_UNICODE_ISALNUM(PyUnicode_READ(kind, data, (k))))
    Py_ssize_t i = 0;
    while (i < n) {
        if (!WORD(i)) {
            i++;
            continue;
        }
        Py_ssize_t j = i + 1;
        while (j < n && WORD(j))
            j++;
        PyObject *w = PyUnicode_Substring(text, i, j);
        if (w == NULL || PyList_Append(out, w) < 0) {
            Py_XDECREF(w);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(w);
        i = j;
    }
#undef WORD
    return out;
}

/* ------------------------------------------------------------- sentences */

/* rawabit.text.segment._SENT_END_RE's end characters: . ! ? and the Arabic question mark */
static inline int
is_sentence_end(Py_UCS4 c)
{
    return c == '.' || c == '!' || c == '?' || c == 0x061F;
}

/* The token index bisect.bisect_left(keys, x, lo) (right=0) or bisect_right (right=1) gives. */
static Py_ssize_t
bisect(const Py_ssize_t *keys, Py_ssize_t n, Py_ssize_t x, Py_ssize_t lo, int right)
{
    Py_ssize_t hi = n;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (right ? x < keys[mid] : keys[mid] >= x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* Whether text[a:b] holds a character that str.strip() keeps. */
static int
has_text(int kind, const void *data, Py_ssize_t a, Py_ssize_t b)
{
    for (Py_ssize_t k = a; k < b; k++)
        if (!Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, k)))
            return 1;
    return 0;
}

/* Appends (tokens[first].start, e, first, last) for the sentence text[s:e] if tokens lie in it. */
static int
add_span(PyObject *out, const Py_ssize_t *starts, const Py_ssize_t *ends, Py_ssize_t nt,
         Py_ssize_t s, Py_ssize_t e, Py_ssize_t *ti)
{
    Py_ssize_t first = bisect(starts, nt, s, *ti, 0);  /* the first token starting in the sentence */
    *ti = bisect(ends, nt, e, first, 1);  /* past the last one ending in it */
    if (*ti <= first)
        return 0;
    PyObject *span = Py_BuildValue("(nnnn)", starts[first], e, first, *ti);
    if (span == NULL)
        return -1;
    int err = PyList_Append(out, span);
    Py_DECREF(span);
    return err;
}

PyDoc_STRVAR(sentence_spans_doc,
"sentence_spans(text, tokens, is_initial) -> list\n\n"
"rawabit.text.segment._sentence_spans_python: (start, end, first token, last token) of each\n"
"sentence of text, ended by _SENT_END_RE's matches; is_initial(pos) says whether the lone\n"
"dot at pos follows an initial (and so ends no sentence). tokens: Token tuples in order.");

static PyObject *
sentence_spans(PyObject *self, PyObject *args)
{
    PyObject *text, *tokens, *is_initial;
    if (!PyArg_ParseTuple(args, "UO!O:sentence_spans", &text, &PyTuple_Type, &tokens, &is_initial))
        return NULL;
    const Py_ssize_t nt = PyTuple_GET_SIZE(tokens);
    Py_ssize_t *starts = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(2 * nt + 1));
    if (starts == NULL)
        return PyErr_NoMemory();
    Py_ssize_t *ends = starts + nt;
    PyObject *out = NULL;
    for (Py_ssize_t k = 0; k < nt; k++) {
        PyObject *t = PyTuple_GET_ITEM(tokens, k);
        if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) < 2) {
            PyErr_Format(PyExc_TypeError, "sentence_spans: token %zd is not a (start, end, ...) tuple", k);
            goto done;
        }
        starts[k] = PyLong_AsSsize_t(PyTuple_GET_ITEM(t, 0));
        ends[k] = PyLong_AsSsize_t(PyTuple_GET_ITEM(t, 1));
        if ((starts[k] == -1 || ends[k] == -1) && PyErr_Occurred())
            goto done;
    }
    if ((out = PyList_New(0)) == NULL)
        goto done;
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_ssize_t pos = 0, ti = 0, i = 0;
    /* the matches of (?<!\d)[.!?؟]+(?!\d)|\n+ from left to right, as re.finditer finds them */
    while (i < n) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        Py_ssize_t ms = i, me;
        if (c == '\n') {
            me = i + 1;
            while (me < n && PyUnicode_READ(kind, data, me) == '\n')
                me++;
        }
        else if (is_sentence_end(c) && !(i > 0 && Py_UNICODE_ISDECIMAL(PyUnicode_READ(kind, data, i - 1)))) {
            me = i + 1;
            while (me < n && is_sentence_end(PyUnicode_READ(kind, data, me)))
                me++;
            if (me < n && Py_UNICODE_ISDECIMAL(PyUnicode_READ(kind, data, me))) {
                if (me - i < 2) {  /* one mark before a digit (2.5): no match here */
                    i++;
                    continue;
                }
                me--;  /* backtracking gives up the mark before the digit */
            }
        }
        else {
            i++;
            continue;
        }
        i = me;
        if (me - ms == 1 && c == '.') {
            PyObject *r = PyObject_CallFunction(is_initial, "n", ms);
            if (r == NULL)
                goto fail;
            int initial = PyObject_IsTrue(r);
            Py_DECREF(r);
            if (initial < 0)
                goto fail;
            if (initial)
                continue;  /* a dot after an initial ends no sentence */
        }
        Py_ssize_t end = c == '\n' ? ms : me;
        if (has_text(kind, data, pos, end) && add_span(out, starts, ends, nt, pos, end, &ti) < 0)
            goto fail;
        pos = me;
    }
    if (has_text(kind, data, pos, n) && add_span(out, starts, ends, nt, pos, n, &ti) < 0)
        goto fail;
    goto done;
fail:
    Py_CLEAR(out);
done:
    PyMem_Free(starts);
    return out;
}

/* ------------------------------------------------------------ NER scores */

/* A C-contiguous float64 buffer of ndim dimensions, writable if asked. */
static int
get_doubles(PyObject *obj, Py_buffer *view, int ndim, int writable, const char *name)
{
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, view, flags) < 0)
        return -1;
    if (view->ndim != ndim || view->format == NULL || strcmp(view->format, "d") != 0) {
        PyErr_Format(PyExc_TypeError, "%s must be a C-contiguous float64 array of %d dimensions", name, ndim);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

/* The Py_ssize_t values of a list of ints, each in [0, limit); NULL and an exception otherwise. */
static Py_ssize_t *
get_indexes(PyObject *list, Py_ssize_t limit, const char *name)
{
    if (!PyList_Check(list)) {
        PyErr_Format(PyExc_TypeError, "%s must be a list of ints", name);
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(list);
    Py_ssize_t *out = PyMem_Malloc((n ? n : 1) * sizeof(Py_ssize_t));
    if (out == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t v = PyLong_AsSsize_t(PyList_GET_ITEM(list, i));
        if (v == -1 && PyErr_Occurred()) {
            PyMem_Free(out);
            return NULL;
        }
        if (v < 0 || v >= limit) {
            PyErr_Format(PyExc_IndexError, "%s[%zd] = %zd is out of range [0, %zd)", name, i, v, limit);
            PyMem_Free(out);
            return NULL;
        }
        out[i] = v;
    }
    return out;
}

/* Sentence lengths: a list of ints, each at least 1, adding up to n tokens; NULL and an exception otherwise. */
static Py_ssize_t *
get_lengths(PyObject *list, Py_ssize_t n, const char *fn)
{
    Py_ssize_t *lens = get_indexes(list, n + 1, "lens");
    if (lens == NULL)
        return NULL;
    Py_ssize_t total = 0;
    for (Py_ssize_t s = 0; s < PyList_GET_SIZE(list); s++) {
        if (lens[s] < 1) {
            PyErr_Format(PyExc_ValueError, "%s: every sentence needs a token", fn);
            PyMem_Free(lens);
            return NULL;
        }
        total += lens[s];
    }
    if (total != n) {
        PyErr_Format(PyExc_ValueError, "%s: the sentence lengths do not add up to the tokens", fn);
        PyMem_Free(lens);
        return NULL;
    }
    return lens;
}

PyDoc_STRVAR(emissions_doc,
"emissions(out, table, rows, lens, edges) -> None\n\n"
"Fill out (tokens, labels) with the emission scores of consecutive sentences of\n"
"lens tokens: token i's own row table[rows[i], 0], plus what its neighbours at\n"
"-2, -1, +1, +2 in its sentence add (table[rows[j], 1..4]), plus the sentence-edge\n"
"rows edges[0..3] (-1:BOS, -2:BOS, 1:EOS, 2:EOS). The sums are taken in the order of\n"
"rawabit.ner.tagger.Tagger._neighbour_scores (its NumPy twin).");

static PyObject *
emissions(PyObject *self, PyObject *args)
{
    PyObject *out_obj, *table_obj, *rows_obj, *lens_obj, *edges_obj;
    if (!PyArg_ParseTuple(args, "OOO!O!O:emissions", &out_obj, &table_obj, &PyList_Type, &rows_obj,
                          &PyList_Type, &lens_obj, &edges_obj))
        return NULL;
    Py_buffer out = {0}, table = {0}, edges = {0};  /* released unconditionally: no object, no-op */
    Py_ssize_t *rows = NULL, *lens = NULL;
    PyObject *result = NULL;
    if (get_doubles(out_obj, &out, 2, 1, "out") < 0)
        goto done;
    if (get_doubles(table_obj, &table, 3, 0, "table") < 0)
        goto done;
    if (get_doubles(edges_obj, &edges, 2, 0, "edges") < 0)
        goto done;
    const Py_ssize_t n = out.shape[0], L = out.shape[1];
    if (table.shape[1] != 5 || table.shape[2] != L || edges.shape[0] != 4 || edges.shape[1] != L
        || PyList_GET_SIZE(rows_obj) != n) {
        PyErr_SetString(PyExc_ValueError, "emissions: shapes of out, table, rows and edges disagree");
        goto done;
    }
    rows = get_indexes(rows_obj, table.shape[0], "rows");
    if (rows == NULL)
        goto done;
    const Py_ssize_t ns = PyList_GET_SIZE(lens_obj);
    lens = get_lengths(lens_obj, n, "emissions");
    if (lens == NULL)
        goto done;
    double *em = out.buf;
    const double *t = table.buf, *edge = edges.buf;
#define T(r, g) (t + ((r) * 5 + (g)) * L)
    for (Py_ssize_t i = 0; i < n; i++)
        memcpy(em + i * L, T(rows[i], 0), L * sizeof(double));
    /* one pass per neighbour, as the NumPy twin adds them: -2, -1, +1, +2 */
    static const int shifts[4] = {-2, -1, 1, 2};
    for (int g = 0; g < 4; g++) {
        const int shift = shifts[g];
        Py_ssize_t s0 = 0;
        for (Py_ssize_t s = 0; s < ns; s++) {
            const Py_ssize_t s1 = s0 + lens[s];
            for (Py_ssize_t i = s0; i < s1; i++) {
                const Py_ssize_t j = i + shift;
                if (j < s0 || j >= s1)
                    continue;
                const double *add = T(rows[j], g + 1);
                double *e = em + i * L;
                for (Py_ssize_t l = 0; l < L; l++)
                    e[l] += add[l];
            }
            s0 = s1;
        }
    }
#undef T
    /* sentence edges, in the twin's order: first tokens, last tokens, second tokens, second-last
       tokens (the last two only in sentences of two or more) */
    static const int edge_row[4] = {0, 2, 1, 3};
    for (int p = 0; p < 4; p++) {
        const double *add = edge + edge_row[p] * L;
        Py_ssize_t s0 = 0;
        for (Py_ssize_t s = 0; s < ns; s++) {
            const Py_ssize_t s1 = s0 + lens[s];
            Py_ssize_t i = -1;
            if (p == 0)
                i = s0;
            else if (p == 1)
                i = s1 - 1;
            else if (lens[s] > 1)
                i = p == 2 ? s0 + 1 : s1 - 2;
            if (i >= 0) {
                double *e = em + i * L;
                for (Py_ssize_t l = 0; l < L; l++)
                    e[l] += add[l];
            }
            s0 = s1;
        }
    }
    result = Py_NewRef(Py_None);
done:
    PyMem_Free(rows);
    PyMem_Free(lens);
    PyBuffer_Release(&out);
    PyBuffer_Release(&table);
    PyBuffer_Release(&edges);
    return result;
}

PyDoc_STRVAR(add_rows_doc,
"add_rows(out, pos, ids, weights) -> None\n\n"
"out[pos[k]] += weights[ids[k]] for each k in turn: numpy.add.at(out, pos, weights[ids]).");

static PyObject *
add_rows(PyObject *self, PyObject *args)
{
    PyObject *out_obj, *pos_obj, *ids_obj, *w_obj;
    if (!PyArg_ParseTuple(args, "OO!O!O:add_rows", &out_obj, &PyList_Type, &pos_obj, &PyList_Type, &ids_obj,
                          &w_obj))
        return NULL;
    Py_buffer out = {0}, w = {0};
    Py_ssize_t *pos = NULL, *ids = NULL;
    PyObject *result = NULL;
    if (get_doubles(out_obj, &out, 2, 1, "out") < 0)
        goto done;
    if (get_doubles(w_obj, &w, 2, 0, "weights") < 0)
        goto done;
    const Py_ssize_t L = out.shape[1];
    if (w.shape[1] != L || PyList_GET_SIZE(pos_obj) != PyList_GET_SIZE(ids_obj)) {
        PyErr_SetString(PyExc_ValueError, "add_rows: shapes of out, pos, ids and weights disagree");
        goto done;
    }
    pos = get_indexes(pos_obj, out.shape[0], "pos");
    if (pos == NULL)
        goto done;
    ids = get_indexes(ids_obj, w.shape[0], "ids");
    if (ids == NULL)
        goto done;
    double *o = out.buf;
    const double *wt = w.buf;
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(pos_obj); k++) {
        double *e = o + pos[k] * L;
        const double *add = wt + ids[k] * L;
        for (Py_ssize_t l = 0; l < L; l++)
            e[l] += add[l];
    }
    result = Py_NewRef(Py_None);
done:
    PyMem_Free(pos);
    PyMem_Free(ids);
    PyBuffer_Release(&out);
    PyBuffer_Release(&w);
    return result;
}

/* A C-contiguous int64 array of 1 dimension; -1 and an exception otherwise. */
static int
get_int64s(PyObject *obj, Py_buffer *view, const char *name)
{
    if (PyObject_GetBuffer(obj, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0)
        return -1;
    if (view->ndim != 1 || view->itemsize != 8 || view->format == NULL
        || (strcmp(view->format, "l") != 0 && strcmp(view->format, "q") != 0)) {
        PyErr_Format(PyExc_TypeError, "%s must be a C-contiguous int64 array of 1 dimension", name);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

/* One step of a walk, without a branch: a leaf (below zero) stays where it is. */
static inline int64_t
forest_step(int64_t node, const double *x, const int64_t *f, const double *th, const int64_t *lc,
            const int64_t *rc)
{
    const int64_t at = node >= 0 ? node : 0;
    const int64_t next = x[f[at]] <= th[at] ? lc[at] : rc[at];
    return node >= 0 ? next : node;
}

PyDoc_STRVAR(forest_sum_doc,
"forest_sum(out, X, feature, threshold, left, right, leaf, roots, outputs) -> None\n\n"
"out[i, outputs[t]] += the leaf that row i of X reaches in tree t: from node roots[t],\n"
"to left[n] when X[i, feature[n]] <= threshold[n], else to right[n]; a child below\n"
"zero is leaf -child - 1. Children come after their node (every walk ends); the\n"
"arrays are checked before any walk. rawabit.native._forest_sum_python is its twin.");

static PyObject *
forest_sum(PyObject *self, PyObject *args)
{
    PyObject *o[9];
    if (!PyArg_ParseTuple(args, "OOOOOOOOO:forest_sum", &o[0], &o[1], &o[2], &o[3], &o[4], &o[5], &o[6], &o[7],
                          &o[8]))
        return NULL;
    Py_buffer out = {0}, X = {0}, thr = {0}, leaf = {0}, feat = {0}, left = {0}, right = {0}, roots = {0},
              outputs = {0};
    PyObject *result = NULL;
    if (get_doubles(o[0], &out, 2, 1, "out") < 0 || get_doubles(o[1], &X, 2, 0, "X") < 0
        || get_int64s(o[2], &feat, "feature") < 0 || get_doubles(o[3], &thr, 1, 0, "threshold") < 0
        || get_int64s(o[4], &left, "left") < 0 || get_int64s(o[5], &right, "right") < 0
        || get_doubles(o[6], &leaf, 1, 0, "leaf") < 0 || get_int64s(o[7], &roots, "roots") < 0
        || get_int64s(o[8], &outputs, "outputs") < 0)
        goto done;
    const Py_ssize_t n = feat.shape[0], nl = leaf.shape[0], nt = roots.shape[0];
    const Py_ssize_t rows = X.shape[0], cols = X.shape[1], nout = out.shape[1];
    const int64_t *f = feat.buf, *lc = left.buf, *rc = right.buf, *rt = roots.buf, *ot = outputs.buf;
    const double *th = thr.buf, *lv = leaf.buf, *x = X.buf;
    double *res = out.buf;
    if (thr.shape[0] != n || left.shape[0] != n || right.shape[0] != n || outputs.shape[0] != nt
        || out.shape[0] != rows) {
        PyErr_SetString(PyExc_ValueError, "forest_sum: the arrays' lengths disagree");
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (f[i] < 0 || f[i] >= cols || !((lc[i] > i && lc[i] < n) || (lc[i] < 0 && lc[i] >= -nl))
            || !((rc[i] > i && rc[i] < n) || (rc[i] < 0 && rc[i] >= -nl))) {
            PyErr_Format(PyExc_ValueError, "forest_sum: node %zd out of range or order", i);
            goto done;
        }
    }
    for (Py_ssize_t t = 0; t < nt; t++) {
        if (rt[t] >= n || rt[t] < -nl || ot[t] < 0 || ot[t] >= nout) {
            PyErr_Format(PyExc_ValueError, "forest_sum: tree %zd out of range", t);
            goto done;
        }
    }
    /* tree by tree (its nodes stay in the cache), four rows walked side by side (their
       walks overlap); each out[i, o] still adds its trees in order */
    for (Py_ssize_t t = 0; t < nt; t++) {
        const int64_t root = rt[t];
        double *col = res + ot[t];
        Py_ssize_t i = 0;
        for (; i + 4 <= rows; i += 4) {
            const double *x0 = x + i * cols, *x1 = x0 + cols, *x2 = x1 + cols, *x3 = x2 + cols;
            int64_t n0 = root, n1 = root, n2 = root, n3 = root;
            while ((n0 & n1 & n2 & n3) >= 0) { /* until all four reach a leaf */
                n0 = forest_step(n0, x0, f, th, lc, rc);
                n1 = forest_step(n1, x1, f, th, lc, rc);
                n2 = forest_step(n2, x2, f, th, lc, rc);
                n3 = forest_step(n3, x3, f, th, lc, rc);
            }
            col[i * nout] += lv[-n0 - 1];
            col[(i + 1) * nout] += lv[-n1 - 1];
            col[(i + 2) * nout] += lv[-n2 - 1];
            col[(i + 3) * nout] += lv[-n3 - 1];
        }
        for (; i < rows; i++) {
            const double *xi = x + i * cols;
            int64_t node = root;
            while (node >= 0)
                node = xi[f[node]] <= th[node] ? lc[node] : rc[node];
            col[i * nout] += lv[-node - 1];
        }
    }
    result = Py_NewRef(Py_None);
done:
    PyBuffer_Release(&out);
    PyBuffer_Release(&X);
    PyBuffer_Release(&feat);
    PyBuffer_Release(&thr);
    PyBuffer_Release(&left);
    PyBuffer_Release(&right);
    PyBuffer_Release(&leaf);
    PyBuffer_Release(&roots);
    PyBuffer_Release(&outputs);
    return result;
}

PyDoc_STRVAR(viterbi_doc,
"viterbi(em, lens, trans) -> list[list[int]]\n\n"
"Best label path of each of the consecutive sentences of lens tokens whose\n"
"emission scores are the rows of em (tokens, labels), under transition scores\n"
"trans (labels, labels): rawabit.ner.crf.viterbi, one sentence at a time\n"
"(ties go to the lowest label, as numpy.argmax).");

static PyObject *
viterbi(PyObject *self, PyObject *args)
{
    PyObject *em_obj, *lens_obj, *trans_obj;
    if (!PyArg_ParseTuple(args, "OO!O:viterbi", &em_obj, &PyList_Type, &lens_obj, &trans_obj))
        return NULL;
    Py_buffer em = {0}, tr = {0};
    Py_ssize_t *lens = NULL;
    double *score = NULL, *next = NULL;
    Py_ssize_t *back = NULL;
    PyObject *paths = NULL, *result = NULL;
    if (get_doubles(em_obj, &em, 2, 0, "em") < 0)
        goto done;
    if (get_doubles(trans_obj, &tr, 2, 0, "trans") < 0)
        goto done;
    const Py_ssize_t n = em.shape[0], L = em.shape[1];
    if (tr.shape[0] != L || tr.shape[1] != L || L < 1) {
        PyErr_SetString(PyExc_ValueError, "viterbi: shapes of em and trans disagree");
        goto done;
    }
    const Py_ssize_t ns = PyList_GET_SIZE(lens_obj);
    lens = get_lengths(lens_obj, n, "viterbi");
    if (lens == NULL)
        goto done;
    score = PyMem_Malloc(L * sizeof(double));
    next = PyMem_Malloc(L * sizeof(double));
    back = PyMem_Malloc((n ? n : 1) * L * sizeof(Py_ssize_t));
    paths = PyList_New(ns);
    if (score == NULL || next == NULL || back == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    if (paths == NULL)
        goto done;
    const double *e = em.buf, *t = tr.buf;
    Py_ssize_t s0 = 0;
    for (Py_ssize_t s = 0; s < ns; s++) {
        const Py_ssize_t len = lens[s];
        memcpy(score, e + s0 * L, L * sizeof(double));
        for (Py_ssize_t k = 1; k < len; k++) {
            Py_ssize_t *bk = back + (s0 + k) * L;
            const double *ek = e + (s0 + k) * L;
            for (Py_ssize_t j = 0; j < L; j++) {
                double best = score[0] + t[j];
                Py_ssize_t arg = 0;
                for (Py_ssize_t i = 1; i < L; i++) {
                    const double v = score[i] + t[i * L + j];
                    if (v > best) {
                        best = v;
                        arg = i;
                    }
                }
                bk[j] = arg;
                next[j] = best + ek[j];
            }
            memcpy(score, next, L * sizeof(double));
        }
        Py_ssize_t last = 0;
        for (Py_ssize_t j = 1; j < L; j++)
            if (score[j] > score[last])
                last = j;
        PyObject *path = PyList_New(len);
        if (path == NULL)
            goto done;
        PyList_SET_ITEM(paths, s, path);
        for (Py_ssize_t k = len - 1; k >= 0; k--) {
            PyObject *label = PyLong_FromSsize_t(last);
            if (label == NULL)
                goto done;
            PyList_SET_ITEM(path, k, label);
            if (k > 0)
                last = back[(s0 + k) * L + last];
        }
        s0 += len;
    }
    result = Py_NewRef(paths);
done:
    Py_XDECREF(paths);
    PyMem_Free(lens);
    PyMem_Free(score);
    PyMem_Free(next);
    PyMem_Free(back);
    PyBuffer_Release(&em);
    PyBuffer_Release(&tr);
    return result;
}

/* ------------------------------------------------------------- MinHash */

/* The MinHash signature of the n values x (empty: all 0xff): for each (a[i], b[i]), the least
   ((a[i] * x + b[i]) mod 2**64) >> 32, as little-endian uint32 bytes. */
static PyObject *
signature(const uint64_t *x, Py_ssize_t n, PyObject *a_obj, PyObject *b_obj)
{
    const Py_ssize_t np_ = PyList_GET_SIZE(a_obj);
    if (PyList_GET_SIZE(b_obj) != np_) {
        PyErr_SetString(PyExc_ValueError, "MinHash coefficients a and b differ in length");
        return NULL;
    }
    PyObject *result = PyBytes_FromStringAndSize(NULL, 4 * np_);
    if (result == NULL)
        return NULL;
    unsigned char *out = (unsigned char *)PyBytes_AS_STRING(result);
    for (Py_ssize_t i = 0; i < np_; i++) {
        const uint64_t a = PyLong_AsUnsignedLongLong(PyList_GET_ITEM(a_obj, i));
        const uint64_t b = PyLong_AsUnsignedLongLong(PyList_GET_ITEM(b_obj, i));
        if (PyErr_Occurred()) {
            Py_DECREF(result);
            return NULL;
        }
        uint32_t best = UINT32_MAX;
        for (Py_ssize_t k = 0; k < n; k++) {
            const uint32_t h = (uint32_t)((a * x[k] + b) >> 32);  /* unsigned: wraps mod 2**64 */
            if (h < best)
                best = h;
        }
        out[4 * i] = best & 0xff;
        out[4 * i + 1] = (best >> 8) & 0xff;
        out[4 * i + 2] = (best >> 16) & 0xff;
        out[4 * i + 3] = (best >> 24) & 0xff;
    }
    return result;
}

PyDoc_STRVAR(minhash_doc,
"minhash(shingles, a, b) -> bytes\n\n"
"For each (a[i], b[i]): min over x in shingles of ((a[i] * x + b[i]) mod 2**64) >> 32, as\n"
"little-endian uint32 (rawabit.analysis.dedup._minhash; shingles not empty, each in [0, 2**64)).");

static PyObject *
minhash(PyObject *self, PyObject *args)
{
    PyObject *sh_obj, *a_obj, *b_obj;
    if (!PyArg_ParseTuple(args, "OO!O!:minhash", &sh_obj, &PyList_Type, &a_obj, &PyList_Type, &b_obj))
        return NULL;
    PyObject *seq = PySequence_Fast(sh_obj, "minhash: shingles must be iterable");
    if (seq == NULL)
        return NULL;
    const Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    uint64_t *x = NULL;
    PyObject *result = NULL;
    if (n < 1) {
        PyErr_SetString(PyExc_ValueError, "minhash: no shingles");
        goto done;
    }
    if ((x = PyMem_Malloc(n * sizeof(uint64_t))) == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    PyObject **items = PySequence_Fast_ITEMS(seq);
    for (Py_ssize_t k = 0; k < n; k++) {
        x[k] = PyLong_AsUnsignedLongLong(items[k]);
        if (x[k] == (uint64_t)-1 && PyErr_Occurred())
            goto done;
    }
    result = signature(x, n, a_obj, b_obj);
done:
    Py_DECREF(seq);
    PyMem_Free(x);
    return result;
}

/* zlib's CRC-32 (reflected polynomial 0xEDB88320), so values equal zlib.crc32's. */
static uint32_t crc_table[256];

static void
crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}

/* zlib.crc32(bytes, crc): the CRC-32 of what crc covered followed by len more bytes. */
static uint32_t
crc_update(uint32_t crc, const char *buf, Py_ssize_t len)
{
    uint32_t c = crc ^ 0xFFFFFFFFu;
    for (Py_ssize_t i = 0; i < len; i++)
        c = crc_table[(c ^ (unsigned char)buf[i]) & 0xff] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

PyDoc_STRVAR(shingle_minhash_doc,
"shingle_minhash(words, k, a, b) -> bytes\n\n"
"rawabit.analysis.dedup._minhash(_shingles(words, k)) in one pass: the MinHash (as minhash)\n"
"of the CRC-32 of each run of k words joined by one space in UTF-8 (of all the words when\n"
"fewer), all 0xff when there are no words.");

static PyObject *
shingle_minhash(PyObject *self, PyObject *args)
{
    PyObject *words, *a_obj, *b_obj;
    Py_ssize_t k;
    if (!PyArg_ParseTuple(args, "O!nO!O!:shingle_minhash", &PyList_Type, &words, &k, &PyList_Type, &a_obj,
                          &PyList_Type, &b_obj))
        return NULL;
    if (k < 1) {
        PyErr_SetString(PyExc_ValueError, "shingle_minhash: k < 1");
        return NULL;
    }
    const Py_ssize_t n = PyList_GET_SIZE(words);
    const char **utf8 = PyMem_Malloc(sizeof(char *) * (size_t)(n + 1));
    Py_ssize_t *lens = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(n + 1));
    uint64_t *x = PyMem_Malloc(sizeof(uint64_t) * (size_t)(n + 1));
    PyObject *result = NULL;
    if (utf8 == NULL || lens == NULL || x == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t j = 0; j < n; j++) {
        PyObject *w = PyList_GET_ITEM(words, j);
        if (!PyUnicode_Check(w)) {
            PyErr_SetString(PyExc_TypeError, "shingle_minhash: words must be str");
            goto done;
        }
        if ((utf8[j] = PyUnicode_AsUTF8AndSize(w, &lens[j])) == NULL)
            goto done;
    }
    /* the shingles: windows of k words, or one of all the words when there are fewer */
    const Py_ssize_t width = n < k ? n : k, count = n == 0 ? 0 : n < k ? 1 : n - k + 1;
    for (Py_ssize_t s = 0; s < count; s++) {
        uint32_t c = 0;
        for (Py_ssize_t j = s; j < s + width; j++) {
            if (j > s)
                c = crc_update(c, " ", 1);
            c = crc_update(c, utf8[j], lens[j]);
        }
        x[s] = c;
    }
    result = signature(x, count, a_obj, b_obj);
done:
    PyMem_Free(utf8);
    PyMem_Free(lens);
    PyMem_Free(x);
    return result;
}

/* ---------------------------------------------------------- dict lookups */

PyDoc_STRVAR(found_doc,
"found(mapping, keys) -> list\n\n"
"[mapping[k] for k in keys if k in mapping], keys in order (mapping a dict).");

static PyObject *
found(PyObject *self, PyObject *args)
{
    PyObject *d, *keys;
    if (!PyArg_ParseTuple(args, "O!O:found", &PyDict_Type, &d, &keys))
        return NULL;
    PyObject *seq = PySequence_Fast(keys, "found: keys must be iterable");
    if (seq == NULL)
        return NULL;
    PyObject *out = PyList_New(0);
    if (out == NULL)
        goto fail;
    const Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *v = PyDict_GetItemWithError(d, items[k]);
        if (v == NULL) {
            if (PyErr_Occurred())
                goto fail;
            continue;
        }
        if (PyList_Append(out, v) < 0)
            goto fail;
    }
    Py_DECREF(seq);
    return out;
fail:
    Py_DECREF(seq);
    Py_XDECREF(out);
    return NULL;
}

PyDoc_STRVAR(word_rows_doc,
"word_rows(attrs, views, own, base, vector_ids, slot, slots, ids) -> None\n\n"
"rawabit.ner.tagger._word_rows_python: appends to ids the weight rows of one new word's own\n"
"features (attrs[f] for f in own found in attrs, then the vector_ids >= 0 unless vector_ids\n"
"is None) and to slots as many slot values; then for each neighbour offset g in 0..3 the\n"
"rows views[b][g] >= 0 of the views b in base found in views, with slot + 1 + g.");

/* Appends x to the list a, n times. */
static int
append_repeat(PyObject *a, PyObject *x, Py_ssize_t n)
{
    for (Py_ssize_t k = 0; k < n; k++)
        if (PyList_Append(a, x) < 0)
            return -1;
    return 0;
}

static PyObject *
word_rows(PyObject *self, PyObject *args)
{
    PyObject *attrs, *views, *own, *base, *vector_ids, *slots, *ids;
    Py_ssize_t slot;
    if (!PyArg_ParseTuple(args, "O!O!O!O!OnO!O!:word_rows", &PyDict_Type, &attrs, &PyDict_Type, &views,
                          &PyList_Type, &own, &PyList_Type, &base, &vector_ids, &slot, &PyList_Type, &slots,
                          &PyList_Type, &ids))
        return NULL;
    if (vector_ids != Py_None && !PyList_Check(vector_ids)) {
        PyErr_SetString(PyExc_TypeError, "word_rows: vector_ids must be a list or None");
        return NULL;
    }
    PyObject *seen = PyList_New(0), *key = NULL;
    if (seen == NULL)
        return NULL;
    Py_ssize_t before = PyList_GET_SIZE(ids);
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(own); k++) {
        PyObject *v = PyDict_GetItemWithError(attrs, PyList_GET_ITEM(own, k));
        if (v == NULL && PyErr_Occurred())
            goto fail;
        if (v != NULL && PyList_Append(ids, v) < 0)
            goto fail;
    }
    if (vector_ids != Py_None) {
        for (Py_ssize_t k = 0; k < PyList_GET_SIZE(vector_ids); k++) {
            PyObject *v = PyList_GET_ITEM(vector_ids, k);
            Py_ssize_t row = PyLong_AsSsize_t(v);
            if (row == -1 && PyErr_Occurred())
                goto fail;
            if (row >= 0 && PyList_Append(ids, v) < 0)
                goto fail;
        }
    }
    if ((key = PyLong_FromSsize_t(slot)) == NULL || append_repeat(slots, key, PyList_GET_SIZE(ids) - before) < 0)
        goto fail;
    Py_CLEAR(key);
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(base); k++) {
        PyObject *v = PyDict_GetItemWithError(views, PyList_GET_ITEM(base, k));
        if (v == NULL && PyErr_Occurred())
            goto fail;
        if (v == NULL)
            continue;
        if (!PyTuple_Check(v) || PyTuple_GET_SIZE(v) != 4) {
            PyErr_SetString(PyExc_TypeError, "word_rows: a view's rows must be a tuple of 4");
            goto fail;
        }
        if (PyList_Append(seen, v) < 0)
            goto fail;
    }
    for (int g = 0; g < 4; g++) {
        before = PyList_GET_SIZE(ids);
        for (Py_ssize_t k = 0; k < PyList_GET_SIZE(seen); k++) {
            PyObject *v = PyTuple_GET_ITEM(PyList_GET_ITEM(seen, k), g);
            Py_ssize_t row = PyLong_AsSsize_t(v);
            if (row == -1 && PyErr_Occurred())
                goto fail;
            if (row >= 0 && PyList_Append(ids, v) < 0)
                goto fail;
        }
        if ((key = PyLong_FromSsize_t(slot + 1 + g)) == NULL
            || append_repeat(slots, key, PyList_GET_SIZE(ids) - before) < 0)
            goto fail;
        Py_CLEAR(key);
    }
    Py_DECREF(seen);
    Py_RETURN_NONE;
fail:
    Py_XDECREF(key);
    Py_DECREF(seen);
    return NULL;
}

/* ---------------------------------------------------------------- module */

static PyMethodDef methods[] = {
    {"tokenize", tokenize, METH_VARARGS, tokenize_doc},
    {"token_index", token_index, METH_O, token_index_doc},
    {"words", words, METH_O, words_doc},
    {"fold", fold, METH_VARARGS, fold_doc},
    {"collapse", collapse, METH_VARARGS, collapse_doc},
    {"sentence_spans", sentence_spans, METH_VARARGS, sentence_spans_doc},
    {"triggers", triggers, METH_VARARGS, triggers_doc},
    {"emissions", emissions, METH_VARARGS, emissions_doc},
    {"add_rows", add_rows, METH_VARARGS, add_rows_doc},
    {"viterbi", viterbi, METH_VARARGS, viterbi_doc},
    {"forest_sum", forest_sum, METH_VARARGS, forest_sum_doc},
    {"minhash", minhash, METH_VARARGS, minhash_doc},
    {"shingle_minhash", shingle_minhash, METH_VARARGS, shingle_minhash_doc},
    {"found", found, METH_VARARGS, found_doc},
    {"word_rows", word_rows, METH_VARARGS, word_rows_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "rawabit._speedups",
    "Compiled twins of extraction's hot loops (see rawabit.native).", -1, methods,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    crc_init();
    return PyModule_Create(&module);
}
