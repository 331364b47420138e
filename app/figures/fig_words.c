/* fig_words.c — the words the views draw, in the view's language (fig_View.lang): axis titles,
 * view titles and subtitles, legends, and the notes the forward pass gives its tensors ("softmax
 * over keys; …"), which come in English from the core and from trace files alike. English is the
 * key; a string without a Korean entry stays English. Not the window's own strings
 * (win_strings.c). */
#include "fig_view.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    const char *en, *ko;
} Word;

static const Word WORDS[] = {
    /* axes */
    {"query (source token)", "쿼리 (입력 토큰)"},
    {"source token", "입력 토큰"},
    {"query (target token → prediction)", "쿼리 (출력 토큰 → 예측)"},
    {"target token → prediction", "출력 토큰 → 예측"},
    {"row", "행"},
    {"key (target token)", "키 (출력 토큰)"},
    {"key (source token)", "키 (입력 토큰)"},
    {"target vocabulary", "출력 어휘"},
    {"target vocabulary id", "출력 어휘 번호"},
    {"hidden unit", "은닉 유닛"},
    {"dimension within the head", "헤드 안의 차원"},
    {"model dimension", "모델 차원"},
    {"column", "열"},
    {"value", "값"},
    /* legends and titles */
    {"masked", "마스크"},
    {"head %d", "%d번 헤드"},
    {"panel %d", "%d번 패널"},
    {"queries", "쿼리"},
    {"keys", "키"},
    {"layer %d", "%d층"},
    {"%s — all %d layers × %d heads", "%s — %d개 층 × 헤드 %d개 전체"},
    {"%s · query %d '%s' only", "%s · 쿼리 %d '%s'만"},
    {"%s — layer %d", "%s — %d층"},
    {"%s%s — %s, layer %d", "%s%s — %s, %d층"},
    {" · head %d", " · %d번 헤드"},
    {" · all %d heads", " · 헤드 %d개 전체"},
    {" · masked cells hatched", " · 마스크된 칸은 빗금"},
    {"%s · attention of query %d '%s' only · line opacity = weight",
     "%s · 쿼리 %d '%s'의 어텐션만 · 선의 불투명도 = 가중치"},
    {"%s · every query · line opacity = weight", "%s · 모든 쿼리 · 선의 불투명도 = 가중치"},
    {"each thumbnail: weights as a heatmap (viridis, 0–1)",
     "각 썸네일: 가중치를 히트맵으로 (viridis, 0–1)"},
    {"each thumbnail: queries (left) to keys (right), opacity = weight",
     "각 썸네일: 왼쪽 쿼리에서 오른쪽 키로, 불투명도 = 가중치"},
    {"Encoder self-attention", "인코더 셀프 어텐션"},
    {"Decoder self-attention (masked)", "디코더 셀프 어텐션 (마스크)"},
    {"Encoder-decoder attention", "인코더-디코더 어텐션"},
    /* the forward pass's notes */
    {"LayerNorm: (x − mean)/√(var + ε)·γ + β, per row", "LayerNorm: 행마다 (x − 평균)/√(분산 + ε)·γ + β"},
    {"PE(pos, 2i) = sin(pos/10000^(2i/d)), PE(pos, 2i+1) = cos(…)",
     "PE(pos, 2i) = sin(pos/10000^(2i/d)), PE(pos, 2i+1) = cos(…)"},
    {"Q·Kᵀ, not divided by √dₖ (scaling off), before any mask",
     "Q·Kᵀ, √dₖ로 나누지 않음 (스케일 꺼짐), 마스크 전"},
    {"Q·Kᵀ/√dₖ, before any mask", "Q·Kᵀ/√dₖ, 마스크 전"},
    {"concat(heads)·W_Oᵀ + b_O", "헤드 이어 붙이기·W_Oᵀ + b_O"},
    {"embedding + position", "임베딩 + 위치"},
    {"embedding of each token × √d_model", "각 토큰의 임베딩 × √d_model"},
    {"final LayerNorm of the decoder stack", "디코더 스택의 마지막 LayerNorm"},
    {"final LayerNorm of the encoder stack", "인코더 스택의 마지막 LayerNorm"},
    {"hidden·W₂ᵀ + b₂", "은닉·W₂ᵀ + b₂"},
    {"keys: x·W_Kᵀ + b_K, split into heads", "키: x·W_Kᵀ + b_K, 헤드별로 나눔"},
    {"queries: x·W_Qᵀ + b_Q, split into heads", "쿼리: x·W_Qᵀ + b_Q, 헤드별로 나눔"},
    {"values: x·W_Vᵀ + b_V, split into heads", "값: x·W_Vᵀ + b_V, 헤드별로 나눔"},
    {"residual: sub-layer input + sub-layer output", "잔차: 부층의 입력 + 부층의 출력"},
    {"softmax over keys; future positions masked to 0", "키에 대한 소프트맥스; 미래 위치는 0으로 마스크"},
    {"softmax over keys; the mask is off: every position sees the future",
     "키에 대한 소프트맥스; 마스크 꺼짐: 모든 위치가 미래를 봄"},
    {"softmax over keys", "키에 대한 소프트맥스"},
    {"softmax: the probability of each next token", "소프트맥스: 다음 토큰 하나하나의 확률"},
    {"weights·V, per head", "가중치·V, 헤드별"},
    {"x·Eᵀ (+ b): the output shares the target embedding", "x·Eᵀ (+ b): 출력이 출력 임베딩을 공유"},
    {"x·W_outᵀ + b: one score per target token", "x·W_outᵀ + b: 출력 토큰마다 점수 하나"},
    {"zero: positional encoding switched off", "0: 위치 인코딩 꺼짐"},
};

const char *fig_word(const fig_View *s, const char *en)
{
    if (!s || s->lang != FIG_LANG_KO || !en) return en;
    for (size_t i = 0; i < sizeof WORDS / sizeof WORDS[0]; i++)
        if (!strcmp(WORDS[i].en, en)) return WORDS[i].ko;
    return en;
}

void fig_word_note(const fig_View *s, const char *note, char *out, size_t cap)
{
    /* the longest entry the note starts with; what follows it (an ablation's "; ablated (0):
     * head 2") is kept as it is */
    size_t best = 0;
    const char *ko = NULL;
    if (s && s->lang == FIG_LANG_KO)
        for (size_t i = 0; i < sizeof WORDS / sizeof WORDS[0]; i++) {
            size_t n = strlen(WORDS[i].en);
            if (n > best && !strncmp(note, WORDS[i].en, n)) {
                best = n;
                ko = WORDS[i].ko;
            }
        }
    snprintf(out, cap, "%s%s", ko ? ko : "", note + best);
}
