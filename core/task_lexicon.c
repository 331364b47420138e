/* task_lexicon.c — the words of the translation task: English forms, their Korean
 * translations already split into tokens, and the flags that say which slots of the grammar a
 * word may fill. Data only; the grammar that uses it is in task_grammar.c.
 *
 * Korean predicates are written out token by token, so that joining a form's tokens gives the
 * standard written word. Regular stems are spelled by macros:
 *   TK_CONS  consonant-final stem: 읽|는|다 읽|었|다 읽|을|것이다, honoured 읽|으신|다 …
 *   TK_HA    하다 verbs: 공부|한|다 공부|했|다 공부|할|것이다, honoured 공부|하신|다 …
 *   TK_VOW   vowel-final stems, where Korean fuses stem and tense: 쓴|다 썼|다 쓸|것이다,
 *            honoured 쓰|신|다 쓰|셨|다 쓰|실|것이다
 * and irregular ones (ㄹ-stems, ㅂ-irregulars, suppletive honorifics 드시다/주무시다) are spelled
 * in full. The first token of a form is the lexical one and is aligned to the English word. */
#include <string.h>

#include "task_internal.h"

#define KO(...) {{__VA_ARGS__}}

#define TK_CONS(s, a)                                                                        \
    {{KO(s, "는", "다"), KO(s, a, "다"), KO(s, "을", "것이다")},                               \
     {KO(s, "으신", "다"), KO(s, "으셨", "다"), KO(s, "으실", "것이다")}},                      \
        KO(s), KO(s)
#define TK_HA(r)                                                                             \
    {{KO(r, "한", "다"), KO(r, "했", "다"), KO(r, "할", "것이다")},                            \
     {KO(r, "하신", "다"), KO(r, "하셨", "다"), KO(r, "하실", "것이다")}},                      \
        KO(r, "하"), KO(r, "하")
#define TK_VOW(s, pres, past, fut)                                                           \
    {{KO(pres, "다"), KO(past, "다"), KO(fut, "것이다")},                                      \
     {KO(s, "신", "다"), KO(s, "셨", "다"), KO(s, "실", "것이다")}},                            \
        KO(s), KO(s)

/* Adjectives: present/past/future "-다", adverbial "-게", attributive. */
#define TK_AHA(r)                                                                            \
    {KO(r, "하", "다"), KO(r, "했", "다"), KO(r, "할", "것이다")}, KO(r, "하", "게"), KO(r, "한")
#define TK_AIRR(stem, past, fut, attr)                                                       \
    {KO(stem, "다"), KO(past, "다"), KO(fut, "것이다")}, KO(stem, "게"), KO(attr)
#define TK_AATTR(attr) {KO(NULL), KO(NULL), KO(NULL)}, KO(NULL), KO(attr)

#define P TK_PERSON
#define H TK_HON

const tf_TkNoun tf_tk_nouns[] = {
    /* people */
    {"student", "students", KO("학생"), P | TK_POSS | TK_PROF | TK_BENEF},
    {"child", "children", KO("아이"), P | TK_POSS | TK_YOUNG | TK_ESUBJ},
    {"boy", "boys", KO("소년"), P | TK_YOUNG | TK_ESUBJ},
    {"girl", "girls", KO("소녀"), P | TK_YOUNG | TK_ESUBJ},
    {"friend", "friends", KO("친구"), P | TK_POSS | TK_ESUBJ},
    {"neighbor", "neighbors", KO("이웃"), P | TK_POSS | TK_ESUBJ},
    {"farmer", "farmers", KO("농부"), P | TK_PROF},
    {"doctor", "doctors", KO("의사"), P | TK_POSS | TK_PROF},
    {"nurse", "nurses", KO("간호사"), P | TK_PROF},
    {"artist", "artists", KO("화가"), P | TK_PROF},
    {"writer", "writers", KO("작가"), P | TK_PROF},
    {"cook", "cooks", KO("요리사"), P | TK_PROF},
    {"soldier", "soldiers", KO("군인"), P | TK_PROF},
    {"scientist", "scientists", KO("과학자"), P | TK_PROF},
    {"teacher", "teachers", KO("선생님"), P | H | TK_POSS},
    {"professor", "professors", KO("교수님"), P | H | TK_POSS},
    {"principal", NULL, KO("교장", "선생님"), P | H | TK_POSS},
    {"grandmother", NULL, KO("할머니"), P | H | TK_FAMILY | TK_ESUBJ},
    {"grandfather", NULL, KO("할아버지"), P | H | TK_FAMILY | TK_ESUBJ},
    {"mother", NULL, KO("어머니"), P | H | TK_FAMILY | TK_ESUBJ},
    {"father", NULL, KO("아버지"), P | H | TK_FAMILY | TK_ESUBJ},
    /* as a profession, "teacher" is 교사: "my son is a teacher" → 내 아들 은 교사 이다 */
    {"teacher", "teachers", KO("교사"), TK_PRED | TK_PROF},
    {"professor", "professors", KO("교수"), TK_PRED | TK_PROF},
    {"voter", "voters", KO("유권자"), TK_BENEF},
    {"citizen", "citizens", KO("시민"), TK_BENEF},
    {"family", "families", KO("가족"), TK_BENEF},
    {"immigrant", "immigrants", KO("이민자"), TK_BENEF},
    {"worker", "workers", KO("노동자"), TK_BENEF},
    /* things one acts on */
    {"book", "books", KO("책"), TK_READ | TK_WRITE | TK_BUY | TK_FIND | TK_PUT | TK_CONC | TK_WORK},
    {"letter", "letters", KO("편지"), TK_READ | TK_WRITE | TK_SEND | TK_FIND | TK_PUT | TK_CONC},
    {"newspaper", "newspapers", KO("신문"), TK_READ | TK_BUY | TK_CONC},
    {"report", "reports", KO("보고서"), TK_READ | TK_WRITE | TK_SEND},
    {"novel", "novels", KO("소설"), TK_READ | TK_WRITE | TK_BUY | TK_WORK},
    {"story", "stories", KO("이야기"), TK_READ | TK_WRITE | TK_WORK},
    {"apple", "apples", KO("사과"), TK_FOOD | TK_BUY | TK_PUT | TK_CONC},
    {"bread", NULL, KO("빵"), TK_FOOD | TK_BUY | TK_MAKE | TK_MASS},
    {"cake", "cakes", KO("케이크"), TK_FOOD | TK_BUY | TK_MAKE | TK_CONC},
    {"rice", NULL, KO("밥"), TK_FOOD | TK_MASS},
    {"water", NULL, KO("물"), TK_DRINK | TK_MASS},
    {"milk", NULL, KO("우유"), TK_DRINK | TK_BUY | TK_MASS},
    {"coffee", NULL, KO("커피"), TK_DRINK | TK_BUY | TK_MASS},
    {"car", "cars", KO("자동차"), TK_BUY | TK_FIX | TK_CONC | TK_COMFY},
    {"house", "houses", KO("집"), TK_BUY | TK_CLEAN | TK_PLACE | TK_COMFY},
    {"bag", "bags", KO("가방"), TK_BUY | TK_FIND | TK_OPEN | TK_PUT | TK_CONC},
    {"umbrella", "umbrellas", KO("우산"), TK_BUY | TK_FIND | TK_PUT | TK_CONC},
    {"camera", "cameras", KO("카메라"), TK_BUY | TK_FIND | TK_FIX | TK_PUT | TK_CONC},
    {"key", "keys", KO("열쇠"), TK_FIND | TK_PUT | TK_CONC},
    {"flower", "flowers", KO("꽃"), TK_BUY | TK_SEND | TK_PLANT | TK_CONC},
    {"computer", "computers", KO("컴퓨터"), TK_BUY | TK_FIX | TK_CONC},
    {"chair", "chairs", KO("의자"), TK_BUY | TK_MAKE | TK_FIX | TK_CONC | TK_COMFY},
    {"box", "boxes", KO("상자"), TK_OPEN | TK_MAKE | TK_FIND | TK_CONC},
    {"door", "doors", KO("문"), TK_OPEN | TK_FIX},
    {"window", "windows", KO("창문"), TK_OPEN | TK_FIX},
    {"tree", "trees", KO("나무"), TK_PLANT},
    {"picture", "pictures", KO("그림"), TK_BUY | TK_CONC | TK_WORK},
    {"song", "songs", KO("노래"), TK_SONG},
    {"movie", "movies", KO("영화"), TK_SEE | TK_WORK},
    {"game", "games", KO("경기"), TK_SEE | TK_WORK},
    {"room", "rooms", KO("방"), TK_CLEAN | TK_PLACE | TK_COMFY},
    {"kitchen", "kitchens", KO("부엌"), TK_CLEAN},
    {"classroom", "classrooms", KO("교실"), TK_CLEAN},
    {"korean", NULL, KO("한국어"), TK_SUBJECT | TK_MASS | TK_BARE},
    {"english", NULL, KO("영어"), TK_SUBJECT | TK_MASS | TK_BARE},
    {"math", NULL, KO("수학"), TK_SUBJECT | TK_MASS | TK_BARE},
    {"music", NULL, KO("음악"), TK_SUBJECT | TK_MASS | TK_BARE},
    {"history", NULL, KO("역사"), TK_SUBJECT | TK_MASS | TK_BARE},
    {"science", NULL, KO("과학"), TK_SUBJECT | TK_MASS | TK_BARE},
    /* things one says are difficult, dangerous … */
    {"test", "tests", KO("시험"), TK_TASK},
    {"homework", NULL, KO("숙제"), TK_TASK | TK_MASS},
    {"rule", "rules", KO("규칙"), TK_TASK | TK_CAUSE | TK_LAW | TK_ANT_LAW},
    {"law", "laws", KO("법"), TK_TASK | TK_CAUSE | TK_LAW | TK_ANT_LAW},
    {"policy", "policies", KO("정책"), TK_TASK | TK_LAW | TK_ANT_LAW},
    {"measure", "measures", KO("조치"), TK_LAW},
    {"regulation", "regulations", KO("규정"), TK_TASK | TK_LAW},
    {"process", "processes", KO("과정"), TK_TASK | TK_PHEAD},
    {"system", "systems", KO("제도"), TK_TASK | TK_PHEAD | TK_ANT_LAW},
    {"procedure", "procedures", KO("절차"), TK_TASK | TK_PHEAD},
    {"period", NULL, KO("기간"), TK_PERIOD},
    {"fee", NULL, KO("수수료"), TK_FEE},
    {"age", NULL, KO("연령"), TK_FEE},
    {"plan", "plans", KO("계획"), TK_TASK | TK_CAUSE | TK_ANT_LAW},
    {"problem", "problems", KO("문제"), TK_TASK},
    {"class", "classes", KO("수업"), TK_TASK | TK_WORK},
    {"trip", "trips", KO("여행"), TK_WORK},
    {"road", "roads", KO("도로"), TK_PLACE},
    {"city", "cities", KO("도시"), TK_PLACE | TK_OWNER | TK_OWNER_PLACE | TK_INST | TK_ANT_INST},
    {"park", "parks", KO("공원"), TK_PLACE | TK_VISIT},
    {"village", "villages", KO("마을"), TK_PLACE | TK_OWNER_PLACE},
    {"hotel", "hotels", KO("호텔"), TK_PLACE | TK_VISIT | TK_COMFY},
    {"bed", "beds", KO("침대"), TK_CONC | TK_COMFY},
    {"school", "schools", KO("학교"),
     TK_PLACE | TK_OWNER | TK_OWNER_PLACE | TK_VISIT | TK_ANT_INST},
    {"hospital", "hospitals", KO("병원"), TK_PLACE | TK_VISIT},
    {"library", "libraries", KO("도서관"), TK_PLACE | TK_VISIT},
    {"museum", "museums", KO("박물관"), TK_PLACE | TK_VISIT},
    {"market", NULL, KO("시장"), TK_VISIT},
    {"seoul", NULL, KO("서울"), TK_VISIT | TK_BARE},
    {"busan", NULL, KO("부산"), TK_VISIT | TK_BARE},
    {"london", NULL, KO("런던"), TK_VISIT | TK_BARE},
    {"paris", NULL, KO("파리"), TK_VISIT | TK_BARE},
    {"tokyo", NULL, KO("도쿄"), TK_VISIT | TK_BARE},
    /* causes and institutions */
    {"rain", NULL, KO("비"), TK_CAUSE | TK_MASS},
    {"storm", "storms", KO("폭풍"), TK_CAUSE},
    {"decision", "decisions", KO("결정"), TK_CAUSE},
    {"change", "changes", KO("변화"), TK_CAUSE},
    {"government", "governments", KO("정부"), TK_CAUSE | TK_OWNER | TK_INST | TK_ANT_INST},
    {"company", "companies", KO("회사"), TK_CAUSE | TK_OWNER | TK_ANT_INST},
    {"country", "countries", KO("국가"), TK_OWNER | TK_INST | TK_ANT_INST},
    /* "the registration or voting process" */
    {"registration", NULL, KO("등록"), TK_PMOD},
    {"voting", NULL, KO("투표"), TK_PMOD},
    {"application", NULL, KO("신청"), TK_PMOD},
    {"admission", NULL, KO("입학"), TK_PMOD},
    {"election", NULL, KO("선거"), TK_PMOD},
    {"tax", NULL, KO("세금"), TK_PMOD},
    {"license", NULL, KO("면허"), TK_PMOD},
    {"visa", NULL, KO("비자"), TK_PMOD},
    {"citizenship", NULL, KO("시민권"), TK_PMOD},
};
const int tf_tk_n_nouns = (int)(sizeof tf_tk_nouns / sizeof tf_tk_nouns[0]);

#undef P
#undef H

#define T TK_FRAME_TRANS
#define I TK_FRAME_INTRANS
#define IN TK_LOC_IN
#define OUT TK_LOC_OUT
#define CITY TK_LOC_CITY

const tf_TkVerb tf_tk_verbs[] = {
    {"read", "reads", "read", "reading", TK_CONS("읽", "었"), T, TK_READ, IN | CITY, 1},
    {"write", "writes", "wrote", "writing", TK_VOW("쓰", "쓴", "썼", "쓸"), T, TK_WRITE, IN | CITY, 0},
    /* 먹다 and 마시다 are honoured with 드시다 */
    {"eat", "eats", "ate", "eating",
     {{KO("먹", "는", "다"), KO("먹", "었", "다"), KO("먹", "을", "것이다")},
      {KO("드", "신", "다"), KO("드", "셨", "다"), KO("드", "실", "것이다")}},
     KO("먹"), KO("드시"), T, TK_FOOD, IN | OUT | CITY, 0},
    {"drink", "drinks", "drank", "drinking",
     {{KO("마신", "다"), KO("마셨", "다"), KO("마실", "것이다")},
      {KO("드", "신", "다"), KO("드", "셨", "다"), KO("드", "실", "것이다")}},
     KO("마시"), KO("드시"), T, TK_DRINK, IN | OUT | CITY, 0},
    {"buy", "buys", "bought", "buying", TK_VOW("사", "산", "샀", "살"), T, TK_BUY, OUT | CITY, 0},
    /* ㄹ-stems drop their ㄹ before ㄴ and 시: 판다, 파신다 */
    {"sell", "sells", "sold", "selling",
     {{KO("판", "다"), KO("팔", "았", "다"), KO("팔", "것이다")},
      {KO("파", "신", "다"), KO("파", "셨", "다"), KO("파", "실", "것이다")}},
     KO("팔"), KO("팔"), T, TK_BUY, OUT | CITY, 0},
    {"find", "finds", "found", "finding", TK_CONS("찾", "았"), T, TK_FIND, IN | OUT, 0},
    {"open", "opens", "opened", "opening",
     {{KO("연", "다"), KO("열", "었", "다"), KO("열", "것이다")},
      {KO("여", "신", "다"), KO("여", "셨", "다"), KO("여", "실", "것이다")}},
     KO("열"), KO("열"), T, TK_OPEN, 0, 0},
    {"close", "closes", "closed", "closing", TK_CONS("닫", "았"), T, TK_OPEN, 0, 0},
    {"clean", "cleans", "cleaned", "cleaning", TK_HA("청소"), T, TK_CLEAN, 0, 0},
    {"watch", "watches", "watched", "watching", TK_VOW("보", "본", "봤", "볼"), T, TK_SEE, IN | CITY,
     0},
    {"make", "makes", "made", "making",
     {{KO("만든", "다"), KO("만들", "었", "다"), KO("만들", "것이다")},
      {KO("만드", "신", "다"), KO("만드", "셨", "다"), KO("만드", "실", "것이다")}},
     KO("만들"), KO("만들"), T, TK_MAKE, IN, 0},
    {"learn", "learns", "learned", "learning", TK_VOW("배우", "배운", "배웠", "배울"), T, TK_SUBJECT,
     IN | CITY, 0},
    {"teach", "teaches", "taught", "teaching", TK_VOW("가르치", "가르친", "가르쳤", "가르칠"), T,
     TK_SUBJECT, IN | CITY, 0},
    {"study", "studies", "studied", "studying", TK_HA("공부"), T, TK_SUBJECT, IN | CITY, 0},
    {"study", "studies", "studied", "studying", TK_HA("공부"), I, 0, IN | CITY, 0},
    {"send", "sends", "sent", "sending", TK_VOW("보내", "보낸", "보냈", "보낼"), TK_FRAME_SEND, TK_SEND,
     0, 0},
    {"put", "puts", "put", "putting", TK_CONS("놓", "았"), TK_FRAME_PUT, TK_PUT, 0, 1},
    {"visit", "visits", "visited", "visiting", TK_HA("방문"), T, TK_VISIT, 0, 0},
    {"meet", "meets", "met", "meeting", TK_VOW("만나", "만난", "만났", "만날"), T, TK_PERSON,
     IN | OUT | CITY, 0},
    /* ㅂ-irregular: 돕는다, 도왔다, 도울 것이다, 도우신다 */
    {"help", "helps", "helped", "helping",
     {{KO("돕", "는", "다"), KO("도왔", "다"), KO("도울", "것이다")},
      {KO("도우", "신", "다"), KO("도우", "셨", "다"), KO("도우", "실", "것이다")}},
     KO("돕"), KO("돕"), T, TK_PERSON, IN | OUT, 0},
    {"fix", "fixes", "fixed", "fixing", TK_VOW("고치", "고친", "고쳤", "고칠"), T, TK_FIX, IN, 0},
    {"sing", "sings", "sang", "singing", TK_VOW("부르", "부른", "불렀", "부를"), T, TK_SONG, IN | OUT, 0},
    {"plant", "plants", "planted", "planting", TK_CONS("심", "었"), T, TK_PLANT, OUT, 0},
    /* 자다 is honoured with 주무시다 */
    {"sleep", "sleeps", "slept", "sleeping",
     {{KO("잔", "다"), KO("잤", "다"), KO("잘", "것이다")},
      {KO("주무", "신", "다"), KO("주무", "셨", "다"), KO("주무", "실", "것이다")}},
     KO("자"), KO("주무시"), I, 0, IN, 0},
    {"work", "works", "worked", "working", TK_HA("일"), I, 0, IN | CITY, 0},
    {"cook", "cooks", "cooked", "cooking", TK_HA("요리"), I, 0, IN, 0},
};
const int tf_tk_n_verbs = (int)(sizeof tf_tk_verbs / sizeof tf_tk_verbs[0]);

const tf_TkVerb tf_tk_make = {
    "make", "makes", "made", "making",
    {{KO("만든", "다"), KO("만들", "었", "다"), KO("만들", "것이다")},
     {KO("만드", "신", "다"), KO("만드", "셨", "다"), KO("만드", "실", "것이다")}},
    KO("만들"), KO("만들"), T, 0, 0, 0};

/* 읽|지 않|았|다: after -지, 않다 carries tense and honorific */
const tf_TkVerb tf_tk_not = {"not", "not", "not", "not", TK_CONS("않", "았"), T, 0, 0, 0};

#undef I
#undef IN
#undef OUT
#undef CITY

/* "make X more ADJ" said with one verb; their English is the complement (tf_tk_adjs' caus) */
enum { C_STRENGTHEN, C_RELAX, C_SIMPLIFY, C_AUTOMATE, C_MODERNIZE, C_RATIONALIZE, C_RAISE,
       C_LOWER, C_EXTEND, C_SHORTEN };
const tf_TkVerb tf_tk_caus[] = {
    [C_STRENGTHEN] = {NULL, NULL, NULL, NULL, TK_HA("강화"), T, 0, 0, 0},
    [C_RELAX] = {NULL, NULL, NULL, NULL, TK_HA("완화"), T, 0, 0, 0},
    [C_SIMPLIFY] = {NULL, NULL, NULL, NULL, TK_HA("간소화"), T, 0, 0, 0},
    [C_AUTOMATE] = {NULL, NULL, NULL, NULL, TK_HA("자동화"), T, 0, 0, 0},
    [C_MODERNIZE] = {NULL, NULL, NULL, NULL, TK_HA("현대화"), T, 0, 0, 0},
    [C_RATIONALIZE] = {NULL, NULL, NULL, NULL, TK_HA("효율화"), T, 0, 0, 0},
    /* vowel stems fuse with the tense: 높였다, 낮춘다, 늘릴 것이다 */
    [C_RAISE] = {NULL, NULL, NULL, NULL, TK_VOW("높이", "높인", "높였", "높일"), T, 0, 0, 0},
    [C_LOWER] = {NULL, NULL, NULL, NULL, TK_VOW("낮추", "낮춘", "낮췄", "낮출"), T, 0, 0, 0},
    [C_EXTEND] = {NULL, NULL, NULL, NULL, TK_VOW("늘리", "늘린", "늘렸", "늘릴"), T, 0, 0, 0},
    [C_SHORTEN] = {NULL, NULL, NULL, NULL, TK_VOW("줄이", "줄인", "줄였", "줄일"), T, 0, 0, 0},
};
const int tf_tk_n_caus = (int)(sizeof tf_tk_caus / sizeof tf_tk_caus[0]);

#define CAUS(more, less) {more, less}
#define NOC {NULL, NULL}
#define C(k) &tf_tk_caus[k]

#define TASK TK_TASK
#define WORK TK_WORK
#define PLACE TK_PLACE
#define CONC TK_CONC
#define PRED TK_ADJ_PRED

const tf_TkAdj tf_tk_adjs[] = {
    {"difficult", TK_AIRR("어렵", "어려웠", "어려울", "어려운"), TASK | WORK, TASK | WORK,
     PRED | TK_ADJ_PROC, NOC},
    {"important", TK_AHA("중요"), TASK | WORK | PLACE, TASK | WORK, PRED | TK_ADJ_LAW, NOC},
    {"complex", TK_AHA("복잡"), TASK | WORK, TASK, PRED | TK_ADJ_PROC | TK_ADJ_LAW, NOC},
    {"dangerous", TK_AHA("위험"), PLACE, PLACE, PRED, NOC},
    {"expensive", TK_AIRR("비싸", "비쌌", "비쌀", "비싼"), CONC | TK_COMFY | TK_PHEAD, CONC | PLACE,
     PRED | TK_ADJ_PROC, NOC},
    {"famous", TK_AHA("유명"), PLACE | WORK, PLACE | WORK, PRED, NOC},
    {"beautiful", TK_AIRR("아름답", "아름다웠", "아름다울", "아름다운"), PLACE | WORK, CONC | PLACE | WORK,
     PRED, NOC},
    {"comfortable", TK_AHA("편안"), TK_COMFY, 0, PRED, NOC},
    {"convenient", TK_AHA("편리"), PLACE | TASK, 0, PRED | TK_ADJ_PROC, NOC},
    {"interesting", {KO("재미있", "다"), KO("재미있", "었", "다"), KO("재미있", "을", "것이다")},
     KO("재미있", "게"), KO("재미있", "는"), WORK | PLACE, WORK, PRED, NOC},
    {"useful", TK_AHA("유용"), TASK | WORK, 0, PRED, NOC},
    {"peaceful", TK_AIRR("평화롭", "평화로웠", "평화로울", "평화로운"), PLACE, 0, PRED, NOC},
    {"transparent", TK_AHA("투명"), TASK, 0, PRED | TK_ADJ_PROC, NOC},
    {"serious", TK_AHA("심각"), TASK, 0, PRED, NOC},
    {"powerful", TK_AHA("강력"), TASK, 0, PRED, NOC},
    {"strict", TK_AHA("엄격"), TASK, TASK, PRED | TK_ADJ_LAW | TK_ADJ_PROC,
     CAUS(C(C_STRENGTHEN), C(C_RELAX))},
    /* only in "make X more ADJ", as one verb */
    {"efficient", TK_AATTR(NULL), TK_PHEAD, 0, TK_ADJ_PROC, CAUS(C(C_RATIONALIZE), NULL)},
    {"modern", TK_AATTR(NULL), TK_PHEAD, 0, TK_ADJ_PROC, CAUS(C(C_MODERNIZE), NULL)},
    {"automatic", TK_AATTR(NULL), TK_PHEAD, 0, TK_ADJ_PROC, CAUS(C(C_AUTOMATE), NULL)},
    {"simpler", TK_AATTR(NULL), TK_PHEAD, 0, TK_ADJ_PROC | TK_ADJ_CMP, CAUS(C(C_SIMPLIFY), NULL)},
    {"higher", TK_AATTR(NULL), TK_FEE, 0, TK_ADJ_PROC | TK_ADJ_CMP, CAUS(C(C_RAISE), NULL)},
    {"lower", TK_AATTR(NULL), TK_FEE, 0, TK_ADJ_PROC | TK_ADJ_CMP, CAUS(C(C_LOWER), NULL)},
    {"longer", TK_AATTR(NULL), TK_PERIOD, 0, TK_ADJ_PROC | TK_ADJ_CMP, CAUS(C(C_EXTEND), NULL)},
    {"shorter", TK_AATTR(NULL), TK_PERIOD, 0, TK_ADJ_PROC | TK_ADJ_CMP, CAUS(C(C_SHORTEN), NULL)},
    {"fair", TK_AHA("공정"), TASK, 0, PRED | TK_ADJ_PROC, NOC},
    {"secure", TK_AHA("안전"), TASK | PLACE, 0, PRED | TK_ADJ_PROC, NOC},
    {"new", TK_AATTR("새로운"), 0, CONC | PLACE | WORK | TASK, 0, NOC},
    {"old", TK_AATTR("오래된"), 0, CONC | PLACE | WORK, 0, NOC},
    {"small", TK_AATTR("작은"), 0, CONC | PLACE, 0, NOC},
    {"big", TK_AATTR("큰"), 0, CONC | PLACE, 0, NOC},
    {"good", TK_AATTR("좋은"), 0, CONC | WORK | TASK, 0, NOC},
    {"red", TK_AATTR("빨간"), 0, CONC, 0, NOC},
};
const int tf_tk_n_adjs = (int)(sizeof tf_tk_adjs / sizeof tf_tk_adjs[0]);

#undef TASK
#undef WORK
#undef PLACE
#undef CONC
#undef PRED
#undef CAUS
#undef NOC
#undef C
#undef T

#define F TK_POS_FRONT
#define E TK_POS_END

const tf_TkTime tf_tk_times[] = {
    {{"yesterday"}, {"어제"}, {0}, 0, TK_T_PAST, F | E, 0},
    {{"last", "week"}, {"지난주"}, {0}, 0, TK_T_PAST, F | E, 1},
    {{"last", "month"}, {"지난달"}, {0}, 0, TK_T_PAST, F | E, 1},
    {{"last", "year"}, {"작년"}, {0}, 0, TK_T_PAST, F | E, 1},
    {{"tomorrow"}, {"내일"}, {0}, 0, TK_T_FUT, F | E, 0},
    {{"next", "week"}, {"다음", "주"}, {0, 1}, 0, TK_T_FUT, F | E, 1},
    {{"next", "month"}, {"다음", "달"}, {0, 1}, 0, TK_T_FUT, F | E, 1},
    {{"next", "year"}, {"내년"}, {0}, 0, TK_T_FUT, F | E, 1},
    {{"soon"}, {"곧"}, {0}, 0, TK_T_FUT, F | E, 0},
    {{"every", "day"}, {"매일"}, {0}, 0, TK_T_PRES, F | E, 0},
    {{"every", "week"}, {"매주"}, {0}, 0, TK_T_PRES, F | E, 0},
    {{"every", "year"}, {"매년"}, {0}, 0, TK_T_PRES, F | E, 0},
    {{"every", "morning"}, {"매일", "아침"}, {0, 1}, 0, TK_T_PRES, F | E, 0},
    {{"always"}, {"항상"}, {0}, 0, TK_T_PRES, TK_POS_MID, 0},
    {{"often"}, {"자주"}, {0}, 0, TK_T_PRES, TK_POS_MID, 0},
    {{"usually"}, {"보통"}, {0}, 0, TK_T_PRES, TK_POS_MID, 0},
    {{"now"}, {"지금"}, {0}, 0, TK_T_NOW, F | E, 0},
};
const int tf_tk_n_times = (int)(sizeof tf_tk_times / sizeof tf_tk_times[0]);

#undef F
#undef E

const tf_TkPutLoc tf_tk_putlocs[] = {
    {{"on", NULL}, "table", "탁자", "위"},  {{"on", NULL}, "desk", "책상", "위"},
    {{"in", NULL}, "box", "상자", "안"},    {{"in", NULL}, "bag", "가방", "안"},
    {{"under", NULL}, "bed", "침대", "아래"}, {{"under", NULL}, "table", "탁자", "아래"},
    {{"under", NULL}, "chair", "의자", "아래"}, {{"next", "to"}, "door", "문", "옆"},
};
const int tf_tk_n_putlocs = (int)(sizeof tf_tk_putlocs / sizeof tf_tk_putlocs[0]);

const tf_TkLoc tf_tk_locs[] = {
    {"in", 1, "library", "도서관", TK_LOC_IN},  {"at", 0, "school", "학교", TK_LOC_IN},
    {"at", 0, "home", "집", TK_LOC_IN},         {"in", 1, "kitchen", "부엌", TK_LOC_IN},
    {"at", 1, "office", "사무실", TK_LOC_IN},   {"in", 1, "classroom", "교실", TK_LOC_IN},
    {"at", 1, "hospital", "병원", TK_LOC_IN},   {"in", 1, "park", "공원", TK_LOC_OUT},
    {"at", 1, "market", "시장", TK_LOC_OUT},    {"in", 1, "garden", "정원", TK_LOC_OUT},
    {"in", 0, "seoul", "서울", TK_LOC_CITY},    {"in", 0, "busan", "부산", TK_LOC_CITY},
    {"in", 0, "london", "런던", TK_LOC_CITY},   {"in", 0, "paris", "파리", TK_LOC_CITY},
    {"in", 0, "tokyo", "도쿄", TK_LOC_CITY},
};
const int tf_tk_n_locs = (int)(sizeof tf_tk_locs / sizeof tf_tk_locs[0]);

/* Figure 3 verbs in the -어 connective form that links "passed new laws" to "making …":
 * 통과시켜 (통과시키어), 채택하여 */
const tf_TkDVerb tf_tk_dverbs[] = {
    {"pass", "passes", "passed", "passed", KO("통과", "시켜")},
    {"adopt", "adopts", "adopted", "adopted", KO("채택", "하여")},
    {"introduce", "introduces", "introduced", "introduced", KO("도입", "하여")},
};
const int tf_tk_n_dverbs = (int)(sizeof tf_tk_dverbs / sizeof tf_tk_dverbs[0]);

const char *const tf_tk_nats[][2] = {
    {"american", "미국"}, {"european", "유럽"}, {"korean", "한국"}, {"local", "지방"},
};
const int tf_tk_n_nats = (int)(sizeof tf_tk_nats / sizeof tf_tk_nats[0]);

const char *const tf_tk_years[] = {
    "2000", "2001", "2002", "2003", "2004", "2005", "2006", "2007", "2008", "2009", "2010",
    "2011", "2012", "2013", "2014", "2015", "2016", "2017", "2018", "2019", "2020",
};
const int tf_tk_n_years = (int)(sizeof tf_tk_years / sizeof tf_tk_years[0]);

const tf_TkPoss tf_tk_poss[] = {
    {"application", "적용", TK_ANT_LAW}, {"effect", "효과", TK_ANT_LAW},
    {"goal", "목표", TK_ANT_LAW | TK_ANT_INST}, {"purpose", "목적", TK_ANT_LAW | TK_ANT_INST},
    {"future", "미래", TK_ANT_LAW | TK_ANT_INST}, {"decision", "결정", TK_ANT_INST},
    {"role", "역할", TK_ANT_INST},
};
const int tf_tk_n_poss = (int)(sizeof tf_tk_poss / sizeof tf_tk_poss[0]);

const tf_TkWord tf_tk_ana_adjs[] = {
    {"perfect", "완벽"}, {"simple", "단순"}, {"fair", "공정"}, {"just", "공정"},
    {"clear", "명확"},   {"transparent", "투명"},
};
const int tf_tk_n_ana_adjs = (int)(sizeof tf_tk_ana_adjs / sizeof tf_tk_ana_adjs[0]);

const tf_TkAnaVerb tf_tk_ana_verbs[] = {
    {"changed", KO("바꿨", "다")},        {"reviewed", KO("검토", "했", "다")},
    {"supported", KO("지지", "했", "다")}, {"criticized", KO("비판", "했", "다")},
    {"adopted", KO("채택", "했", "다")},
};
const int tf_tk_n_ana_verbs = (int)(sizeof tf_tk_ana_verbs / sizeof tf_tk_ana_verbs[0]);

const char *const tf_tk_src_words[] = {
    ",", "-", ".", "a", "an", "and", "are", "at", "be", "but", "did", "do", "does", "every", "for",
    "has", "have", "in", "is", "it", "its", "less", "life", "majority", "many", "missing", "more",
    "most", "my", "never", "not", "of", "opinion", "or", "our", "reason", "should", "since",
    "some", "spirit", "than", "that", "the", "their", "this", "to", "very", "was", "we", "were",
    "what", "will", "year",
};
const int tf_tk_n_src_words = (int)(sizeof tf_tk_src_words / sizeof tf_tk_src_words[0]);

const char *const tf_tk_tgt_words[] = {
    /* particles */
    "이", "가", "을", "를", "은", "는", "와", "과", "이나", "나", "으로", "로", "에", "에서", "에게",
    "께", "께서", "의", "보다", "들",
    /* endings written outside the lexicon's forms */
    "지", "고", "있", "계신", "다", "것이다", "이다", "이었", "였", "이시", "이셨", "될", "되실",
    /* words of the grammar itself */
    ".", "년", "이후", "바로", "정신", "이유", "더", "덜", "매우", "내", "우리", "그", "많은", "일부",
    "대부분", "과반수", "매년", "삶",
    /* the Figure 4 family */
    ",", "-", "결코", "하", "하지만", "해야", "한다", "이것", "놓치", "생각", "않", "았",
};
const int tf_tk_n_tgt_words = (int)(sizeof tf_tk_tgt_words / sizeof tf_tk_tgt_words[0]);

const tf_TkNoun *tf_tk_noun(const char *sg)
{
    for (int i = 0; i < tf_tk_n_nouns; i++)
        if (!strcmp(tf_tk_nouns[i].sg, sg)) return &tf_tk_nouns[i];
    TF_ASSERT(!"noun in lexicon");
    return NULL;
}

const tf_TkAdj *tf_tk_adj(const char *en)
{
    for (int i = 0; i < tf_tk_n_adjs; i++)
        if (!strcmp(tf_tk_adjs[i].en, en)) return &tf_tk_adjs[i];
    TF_ASSERT(!"adjective in lexicon");
    return NULL;
}

const tf_TkDVerb *tf_tk_dverb(const char *past)
{
    for (int i = 0; i < tf_tk_n_dverbs; i++)
        if (!strcmp(tf_tk_dverbs[i].past, past)) return &tf_tk_dverbs[i];
    TF_ASSERT(!"verb in lexicon");
    return NULL;
}
